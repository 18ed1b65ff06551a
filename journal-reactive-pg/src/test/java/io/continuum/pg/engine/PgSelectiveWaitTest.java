package io.continuum.pg.engine;

import io.continuum.runtime.EngineNodes;
import io.continuum.runtime.SelectiveWaitContract;

/** Selective waits on Postgres. */
class PgSelectiveWaitTest extends SelectiveWaitContract {
  @Override
  protected EngineNodes newNodes() {
    return new PgNodes();
  }
}
