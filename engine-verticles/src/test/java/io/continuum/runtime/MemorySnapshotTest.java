package io.continuum.runtime;

/** Snapshots on the in-memory journal. */
class MemorySnapshotTest extends SnapshotContract {
  @Override
  protected EngineNodes newNodes() {
    return new Nodes();
  }
}
