-- Updates waiting for their run's owner to apply them (issue 17): a row per (run, update id), so
-- a caller's retry queues nothing twice. The step that applies an update journals its outcome
-- (update_applied, with the update id) and deletes the row; a run's end deletes the rest.
CREATE TABLE continuum_updates (
  id         bigint PRIMARY KEY DEFAULT nextval('continuum_item_seq'),
  run_id     text        NOT NULL,
  update_id  text        NOT NULL,
  name       text        NOT NULL,
  payload    bytea       NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT continuum_updates_once UNIQUE (run_id, update_id)
);
