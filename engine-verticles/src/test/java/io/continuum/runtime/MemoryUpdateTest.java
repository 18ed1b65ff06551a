package io.continuum.runtime;

/** Updates on the in-memory journal. */
class MemoryUpdateTest extends UpdateContract {
  @Override
  protected EngineNodes newNodes() {
    return new Nodes();
  }
}
