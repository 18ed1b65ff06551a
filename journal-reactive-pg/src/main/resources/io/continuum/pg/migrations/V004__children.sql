-- Child runs. A child row names its parent (parent_run_id, already in V001), the seq of the
-- parent's child_started (parent_seq) and its depth (a root run is 0). has_children marks parents,
-- so the trigger below costs nothing on the ends of runs that are neither parent nor child.
ALTER TABLE continuum_runs
  ADD COLUMN parent_seq int,
  ADD COLUMN depth int NOT NULL DEFAULT 0,
  ADD COLUMN has_children boolean NOT NULL DEFAULT false;
CREATE INDEX continuum_runs_parent_idx ON continuum_runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

-- A child's end, waiting in its parent's inbox until a step of the parent consumes it. child_id is
-- the id the parent started it under (the root of the child's chain if it continued as new); a
-- cancelled child's failure is {"type":"cancelled","message":<reason>}.
CREATE TABLE continuum_child_outcomes (
  id          bigint PRIMARY KEY DEFAULT nextval('continuum_item_seq'),
  run_id      text        NOT NULL,
  command_seq int         NOT NULL,
  child_id    text        NOT NULL,
  state       text        NOT NULL,
  result      bytea,
  failure     jsonb,
  created_at  timestamptz NOT NULL
);
CREATE INDEX continuum_child_outcomes_run_idx ON continuum_child_outcomes (run_id, id);

-- Runs whenever a parent or a child ends, whichever statement ends it (a step's commit, a direct
-- cancel), inside that statement's transaction: the child's outcome reaches its live parent's
-- inbox and the parent is woken; a parent that ended (not by continuing as new: its successor
-- inherits its children) asks every live child to cancel, and each child's own end cascades
-- further down. No NOTIFY here (it would serialize commits): the journal that committed the end
-- wakes the parent and the children after the commit (pg.impl.FamilyWakes).
CREATE FUNCTION continuum_family_ended() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  reason text;
BEGIN
  IF NEW.state = 'continued' THEN
    RETURN NULL;
  END IF;
  IF NEW.parent_run_id IS NOT NULL THEN
    IF NEW.state = 'cancelled' THEN
      SELECT convert_from(e.data, 'UTF8')::jsonb->>'reason' INTO reason
      FROM continuum_events e WHERE e.run_id = NEW.id AND e.seq = NEW.last_seq;
    END IF;
    INSERT INTO continuum_child_outcomes (run_id, command_seq, child_id, state, result, failure,
                                          created_at)
    SELECT p.id, NEW.parent_seq, COALESCE(NEW.correlation_id, NEW.id), NEW.state,
           CASE WHEN NEW.state = 'completed' THEN NEW.result END,
           CASE WHEN NEW.state = 'failed' THEN NEW.failure
                WHEN NEW.state = 'cancelled' THEN jsonb_build_object(
                  'type', 'cancelled', 'message', COALESCE(reason, NEW.cancel_reason, ''),
                  'stack', '') END,
           continuum_now()
    FROM continuum_runs p
    WHERE p.id = NEW.parent_run_id
      AND p.state NOT IN ('completed','failed','cancelled','continued');
    IF FOUND THEN
      UPDATE continuum_runs SET next_wakeup_at = COALESCE(next_wakeup_at, continuum_now())
      WHERE id = NEW.parent_run_id;
    END IF;
  END IF;
  IF NEW.has_children THEN
    UPDATE continuum_runs SET
      cancel_requested_at = COALESCE(cancel_requested_at, continuum_now()),
      cancel_reason = COALESCE(cancel_reason, 'parent ''' || NEW.id || ''' ' || NEW.state),
      next_wakeup_at = COALESCE(next_wakeup_at, continuum_now())
    WHERE parent_run_id = NEW.id
      AND state NOT IN ('completed','failed','cancelled','continued');
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER continuum_runs_family_ended
  AFTER UPDATE OF state ON continuum_runs
  FOR EACH ROW
  WHEN (NEW.state IN ('completed','failed','cancelled','continued')
        AND OLD.state NOT IN ('completed','failed','cancelled','continued')
        AND (NEW.parent_run_id IS NOT NULL OR NEW.has_children))
  EXECUTE FUNCTION continuum_family_ended();
