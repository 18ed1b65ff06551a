-- A run's identity is (namespace, id). Every table names a run by its key, one text that stands for
-- the pair (io.continuum.RunRef): the bare id in the 'default' namespace, '<namespace>/<id>'
-- elsewhere. Neither part may contain '/', so the key is unique exactly when the pair is, and the
-- runs table's primary key on it is a key on (namespace, id).
--
-- Runs of the default namespace keep their ids: nothing of theirs moves. A run of another
-- namespace, and everything that names it (its history, mailbox, timers, tasks, its children's
-- outcomes, its snapshots, and the parent, chain and predecessor references of the runs of its
-- namespace), is renamed to its key. Children and successors share their run's namespace, so
-- every reference a run of namespace n holds is to a run of n. Histories are not rewritten: the
-- engine reads the run ids inside events by their id part.
CREATE TEMPORARY TABLE continuum_renamed ON COMMIT DROP AS
  SELECT id AS old_id, namespace || '/' || id AS new_id
  FROM continuum_runs
  WHERE namespace <> 'default' AND position('/' IN id) = 0;
CREATE UNIQUE INDEX ON continuum_renamed (old_id);

UPDATE continuum_events e SET run_id = r.new_id
  FROM continuum_renamed r WHERE e.run_id = r.old_id;
UPDATE continuum_signals s SET run_id = r.new_id
  FROM continuum_renamed r WHERE s.run_id = r.old_id;
UPDATE continuum_timers t SET run_id = r.new_id
  FROM continuum_renamed r WHERE t.run_id = r.old_id;
UPDATE continuum_activity_tasks t SET run_id = r.new_id
  FROM continuum_renamed r WHERE t.run_id = r.old_id;
UPDATE continuum_child_outcomes o SET run_id = r.new_id
  FROM continuum_renamed r WHERE o.run_id = r.old_id;
UPDATE continuum_child_outcomes o SET child_id = r.new_id
  FROM continuum_renamed r WHERE o.child_id = r.old_id;
UPDATE continuum_snapshots s SET run_id = r.new_id
  FROM continuum_renamed r WHERE s.run_id = r.old_id;
UPDATE continuum_runs u SET
    id = u.namespace || '/' || u.id,
    parent_run_id = CASE WHEN u.parent_run_id IS NULL THEN NULL
                         ELSE u.namespace || '/' || u.parent_run_id END,
    correlation_id = CASE WHEN u.correlation_id IS NULL THEN NULL
                          ELSE u.namespace || '/' || u.correlation_id END,
    continued_from = CASE WHEN u.continued_from IS NULL THEN NULL
                          ELSE u.namespace || '/' || u.continued_from END
  WHERE u.namespace <> 'default' AND position('/' IN u.id) = 0;

-- The run list pages by (created_at, id) within one namespace; the key's common prefix keeps the
-- order of the ids. A key must always name its own namespace.
ALTER TABLE continuum_runs ADD CONSTRAINT continuum_runs_key_check CHECK (
  CASE WHEN namespace = 'default' THEN position('/' IN id) = 0
       ELSE starts_with(id, namespace || '/') END);
