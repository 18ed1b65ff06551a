package io.continuum.pg.engine;

import io.continuum.runtime.CancelCleanupContract;
import io.continuum.runtime.EngineNodes;

/** Cancellation the workflow handles, on Postgres: hosted, owner dead, owner dying mid-cleanup. */
class PgCancelCleanupTest extends CancelCleanupContract {
  @Override
  protected EngineNodes newNodes() {
    return new PgNodes();
  }
}
