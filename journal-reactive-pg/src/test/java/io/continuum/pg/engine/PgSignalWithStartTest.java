package io.continuum.pg.engine;

import io.continuum.runtime.EngineNodes;
import io.continuum.runtime.SignalWithStartContract;

/** Signal-with-start on Postgres: two nodes racing, and the starter killed after the write. */
class PgSignalWithStartTest extends SignalWithStartContract {
  @Override
  protected EngineNodes newNodes() {
    return new PgNodes();
  }
}
