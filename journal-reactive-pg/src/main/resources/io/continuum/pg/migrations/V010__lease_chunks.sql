-- A node renews its run leases in chunks in id order (issue 15): each statement locks a bounded
-- slice, so a release or a step never waits behind one statement that locks every lease a node
-- holds. The chunk walk reads (lease_owner, id) in order from this index, whatever the size of the
-- table around it; it replaces the index on lease_owner alone.
CREATE INDEX continuum_runs_lease_owner_id_idx ON continuum_runs (lease_owner, id)
  WHERE lease_owner IS NOT NULL;
DROP INDEX continuum_runs_lease_owner_idx;
