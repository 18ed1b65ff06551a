package io.continuum.pg.engine;

import io.continuum.runtime.EngineNodes;
import io.continuum.runtime.RunTimeoutsContract;

/**
 * Execution timeouts and delayed starts on Postgres: deadlines and start times judged by {@code
 * continuum_now()}, moved by the test.
 */
class PgRunTimeoutsTest extends RunTimeoutsContract {
  @Override
  protected EngineNodes newNodes() {
    return new PgNodes();
  }
}
