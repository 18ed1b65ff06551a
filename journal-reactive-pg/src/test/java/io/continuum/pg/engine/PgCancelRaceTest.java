package io.continuum.pg.engine;

import io.continuum.runtime.CancelRaceContract;
import io.continuum.runtime.EngineNodes;

/** The cancel race on Postgres: the canceller and the owner are separate nodes. */
class PgCancelRaceTest extends CancelRaceContract {
  @Override
  protected EngineNodes newNodes() {
    return new PgNodes();
  }
}
