package io.continuum.pg.engine;

import io.continuum.runtime.EngineNodes;
import io.continuum.runtime.IdleReleaseContract;

/** Idle release and the memory budget on Postgres. */
class PgIdleReleaseTest extends IdleReleaseContract {
  @Override
  protected EngineNodes newNodes() {
    return new PgNodes();
  }
}
