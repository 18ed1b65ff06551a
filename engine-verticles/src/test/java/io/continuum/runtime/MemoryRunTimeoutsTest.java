package io.continuum.runtime;

/** Execution timeouts and delayed starts on the in-memory journal. */
class MemoryRunTimeoutsTest extends RunTimeoutsContract {
  @Override
  protected EngineNodes newNodes() {
    return new Nodes();
  }
}
