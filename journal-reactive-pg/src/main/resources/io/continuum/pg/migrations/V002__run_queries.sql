-- Run listing: one namespace's runs newest first, paged by (created_at, id).
CREATE INDEX continuum_runs_namespace_created_idx
  ON continuum_runs (namespace, created_at DESC, id DESC);
