-- Continue-as-new chains: signals, cancels and reads addressed to any run of a chain find its live
-- tip among the runs sharing the chain's correlation id (the first run's id).
CREATE INDEX continuum_runs_correlation_idx
  ON continuum_runs (correlation_id, created_at DESC) WHERE correlation_id IS NOT NULL;
