package io.continuum.runtime;

/** The cancel race on the in-memory journal. */
class MemoryCancelRaceTest extends CancelRaceContract {
  @Override
  protected EngineNodes newNodes() {
    return new Nodes();
  }
}
