package io.continuum.pg.engine;

import io.continuum.runtime.EngineNodes;
import io.continuum.runtime.NamespaceRunsContract;

/** Namespaced run identity on Postgres, across a node's crash. */
class PgNamespaceRunsTest extends NamespaceRunsContract {
  @Override
  protected EngineNodes newNodes() {
    return new PgNodes();
  }
}
