-- Continuum journal, version 1. Applied by io.continuum.pg.Migrator under an advisory lock.
-- Every timestamp is judged by continuum_now(): the database clock, never a node's clock.

-- A one-expression SQL function, so the planner inlines it (a function with a subquery is not
-- inlined and costs a function call per use: it halved the throughput of a start). Tests move
-- the database clock by replacing it with now() + interval '...'; replacing it invalidates the
-- cached plans that inlined it.
CREATE FUNCTION continuum_now() RETURNS timestamptz
  LANGUAGE sql STABLE
  AS $$ SELECT now() $$;

CREATE SEQUENCE continuum_lease_token_seq;
CREATE SEQUENCE continuum_item_seq;

CREATE TABLE continuum_runs (
  id                  text PRIMARY KEY,
  workflow_type       text        NOT NULL,
  namespace           text        NOT NULL DEFAULT 'default',
  state               text        NOT NULL,
  last_seq            int         NOT NULL,
  input_hash          text        NOT NULL,
  version_hash        text,
  attributes          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  result              bytea,
  failure             jsonb,
  drift               text,
  lease_owner         text,
  lease_token         bigint,
  lease_expires_at    timestamptz,
  next_wakeup_at      timestamptz,
  cancel_requested_at timestamptz,
  cancel_reason       text,
  parent_run_id       text,
  correlation_id      text,
  continued_from      text,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  CONSTRAINT continuum_runs_state_check CHECK (state IN
    ('pending','running','suspended','completed','failed','cancelled','continued','drifted'))
);
-- Claims: runs with work waiting (an unconsumed inbox item) and no live lease.
CREATE INDEX continuum_runs_wakeup_idx ON continuum_runs (next_wakeup_at) WHERE next_wakeup_at IS NOT NULL;
-- Lease renewal and release by owner.
CREATE INDEX continuum_runs_lease_owner_idx ON continuum_runs (lease_owner) WHERE lease_owner IS NOT NULL;
CREATE INDEX continuum_runs_namespace_state_idx ON continuum_runs (namespace, state, created_at);
CREATE INDEX continuum_runs_attributes_idx ON continuum_runs USING gin (attributes);

-- History, partitioned by month of recording. Uniqueness of (run_id, seq) is kept by the lease
-- CAS on the run row; the primary key includes the partition key as Postgres requires.
CREATE TABLE continuum_events (
  run_id      text        NOT NULL,
  seq         int         NOT NULL,
  type        text        NOT NULL,
  data        bytea       NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (run_id, seq, recorded_at)
) PARTITION BY RANGE (recorded_at);
CREATE TABLE continuum_events_default PARTITION OF continuum_events DEFAULT;

-- Partition management: one partition per calendar month (UTC). Events recorded while their month
-- had no partition sit in the default partition; creating the month moves them into it (a
-- partition cannot be created over rows the default partition holds for its range).
CREATE FUNCTION continuum_create_partition(month date) RETURNS text
  LANGUAGE plpgsql AS $$
DECLARE
  lo timestamptz := date_trunc('month', month::timestamp) AT TIME ZONE 'UTC';
  hi timestamptz := (date_trunc('month', month::timestamp) + interval '1 month') AT TIME ZONE 'UTC';
  name text := 'continuum_events_' || to_char(date_trunc('month', month::timestamp), 'YYYY_MM');
BEGIN
  IF to_regclass(name) IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('continuum_create_partition'));
  END IF;
  IF to_regclass(name) IS NULL THEN
    EXECUTE format('CREATE TABLE %I (LIKE continuum_events INCLUDING DEFAULTS)', name);
    EXECUTE format('WITH moved AS (DELETE FROM continuum_events_default'
                   ' WHERE recorded_at >= $1 AND recorded_at < $2 RETURNING *)'
                   ' INSERT INTO %I SELECT * FROM moved', name) USING lo, hi;
    EXECUTE format('ALTER TABLE continuum_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                   name, lo, hi);
  END IF;
  RETURN name;
END $$;

CREATE FUNCTION continuum_list_partitions()
  RETURNS TABLE (partition_name text, range_start timestamptz, range_end timestamptz, row_estimate bigint)
  LANGUAGE sql STABLE AS $$
  SELECT c.relname::text,
         (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz,
         (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz,
         c.reltuples::bigint
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  WHERE i.inhparent = 'continuum_events'::regclass
  ORDER BY 2 NULLS LAST
$$;

-- Drops monthly partitions that end on or before the cutoff; returns their names.
CREATE FUNCTION continuum_drop_partitions_before(cutoff timestamptz) RETURNS SETOF text
  LANGUAGE plpgsql AS $$
DECLARE
  p record;
BEGIN
  FOR p IN SELECT partition_name FROM continuum_list_partitions()
           WHERE range_end IS NOT NULL AND range_end <= cutoff LOOP
    EXECUTE format('DROP TABLE %I', p.partition_name);
    RETURN NEXT p.partition_name;
  END LOOP;
END $$;

SELECT continuum_create_partition((now() AT TIME ZONE 'UTC')::date);
SELECT continuum_create_partition(((now() AT TIME ZONE 'UTC') + interval '1 month')::date);
SELECT continuum_create_partition(((now() AT TIME ZONE 'UTC') + interval '2 months')::date);

-- The mailbox: signals wait here until an await consumes them (then they are deleted; the
-- history's signal_received keeps the id).
CREATE TABLE continuum_signals (
  id         bigint PRIMARY KEY DEFAULT nextval('continuum_item_seq'),
  run_id     text        NOT NULL,
  name       text        NOT NULL,
  payload    bytea       NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX continuum_signals_run_idx ON continuum_signals (run_id, id);

-- Durable timers; a fired timer stays (fired_at set) as an inbox item until a step consumes it.
CREATE TABLE continuum_timers (
  id          bigint PRIMARY KEY DEFAULT nextval('continuum_item_seq'),
  run_id      text        NOT NULL,
  command_seq int         NOT NULL,
  fire_at     timestamptz NOT NULL,
  fired_at    timestamptz
);
CREATE INDEX continuum_timers_due_idx ON continuum_timers (fire_at, id) WHERE fired_at IS NULL;
CREATE INDEX continuum_timers_run_idx ON continuum_timers (run_id);

-- Activity tasks: ready -> leased -> done (an inbox item until a step consumes it).
CREATE TABLE continuum_activity_tasks (
  id               bigint PRIMARY KEY DEFAULT nextval('continuum_item_seq'),
  run_id           text        NOT NULL,
  command_seq      int         NOT NULL,
  activity_type    text        NOT NULL,
  input            bytea       NOT NULL,
  options          jsonb       NOT NULL,
  idempotency_key  text        NOT NULL,
  max_attempts     int         NOT NULL,
  attempt          int         NOT NULL DEFAULT 0,
  state            text        NOT NULL DEFAULT 'ready',
  available_at     timestamptz NOT NULL,
  lease_owner      text,
  lease_token      bigint,
  lease_expires_at timestamptz,
  result           bytea,
  failure          jsonb,
  last_failure     jsonb,
  CONSTRAINT continuum_activity_tasks_state_check CHECK (state IN ('ready','leased','done'))
);
CREATE INDEX continuum_activity_tasks_ready_idx ON continuum_activity_tasks (available_at, id) WHERE state = 'ready';
CREATE INDEX continuum_activity_tasks_leased_idx ON continuum_activity_tasks (lease_expires_at) WHERE state = 'leased';
CREATE INDEX continuum_activity_tasks_run_idx ON continuum_activity_tasks (run_id);

-- Committed activity results, reused for the same (activity type, idempotency key).
CREATE TABLE continuum_activity_results (
  activity_type   text        NOT NULL,
  idempotency_key text        NOT NULL,
  result          bytea       NOT NULL,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (activity_type, idempotency_key)
);

-- Compacted history prefixes (snapshots) and the workflow versions each node has loaded; used by
-- later features, created now so the schema matches the design from the first version.
CREATE TABLE continuum_snapshots (
  run_id         text        NOT NULL,
  seq            int         NOT NULL,
  format_version smallint    NOT NULL DEFAULT 1,
  data           bytea       NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE continuum_workflow_versions (
  workflow_type text        NOT NULL,
  version_hash  text        NOT NULL,
  node          text        NOT NULL,
  class_name    text        NOT NULL,
  registered_at timestamptz NOT NULL,
  PRIMARY KEY (workflow_type, version_hash, node)
);
