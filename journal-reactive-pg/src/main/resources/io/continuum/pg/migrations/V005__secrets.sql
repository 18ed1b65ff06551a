-- Keys every node of a deployment shares, made by the first node that needs one (random, 256
-- bits, from the JVM's SecureRandom) and never changed: today the key that signs run-list
-- cursors, so a cursor made by one node is valid on all and a hand-made one on none.
CREATE TABLE continuum_secrets (
  purpose    text        PRIMARY KEY,
  secret     bytea       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
