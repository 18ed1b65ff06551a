package io.continuum.pg.engine;

import io.continuum.runtime.EngineNodes;
import io.continuum.runtime.SnapshotContract;

/** Snapshots on Postgres: written by the group-commit statement, read back in one round trip. */
class PgSnapshotTest extends SnapshotContract {
  @Override
  protected EngineNodes newNodes() {
    return new PgNodes();
  }
}
