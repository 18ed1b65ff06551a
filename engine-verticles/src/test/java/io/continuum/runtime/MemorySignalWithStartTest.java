package io.continuum.runtime;

/** Signal-with-start on the in-memory journal. */
class MemorySignalWithStartTest extends SignalWithStartContract {
  @Override
  protected EngineNodes newNodes() {
    return new Nodes();
  }
}
