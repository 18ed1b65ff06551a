package io.continuum.runtime;

/** Idle release and the memory budget on the in-memory journal. */
class MemoryIdleReleaseTest extends IdleReleaseContract {
  @Override
  protected EngineNodes newNodes() {
    return new Nodes();
  }
}
