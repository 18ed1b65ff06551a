package io.continuum.pg.engine;

import io.continuum.runtime.AttemptMatrixContract;
import io.continuum.runtime.EngineNodes;

/** The lease/attempt matrix on Postgres: separate journals (pools, LISTEN) per node. */
class PgAttemptMatrixTest extends AttemptMatrixContract {
  @Override
  protected EngineNodes newNodes() {
    return new PgNodes();
  }
}
