package io.continuum.pg.engine;

import io.continuum.runtime.EngineNodes;
import io.continuum.runtime.HeartbeatContract;

/** Heartbeats, cancellation of running activities and external completion on Postgres. */
class PgHeartbeatTest extends HeartbeatContract {
  @Override
  protected EngineNodes newNodes() {
    return new PgNodes();
  }
}
