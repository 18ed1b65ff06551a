package io.continuum.runtime;

/** Selective waits on the in-memory journal. */
class MemorySelectiveWaitTest extends SelectiveWaitContract {
  @Override
  protected EngineNodes newNodes() {
    return new Nodes();
  }
}
