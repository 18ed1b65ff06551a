package io.continuum.pg.engine;

import io.continuum.runtime.EngineNodes;
import io.continuum.runtime.UpdateContract;

/** Updates on Postgres. */
class PgUpdateTest extends UpdateContract {
  @Override
  protected EngineNodes newNodes() {
    return new PgNodes();
  }
}
