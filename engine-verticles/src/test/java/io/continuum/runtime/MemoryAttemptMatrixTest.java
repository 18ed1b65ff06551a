package io.continuum.runtime;

/** The lease/attempt matrix on the in-memory journal. */
class MemoryAttemptMatrixTest extends AttemptMatrixContract {
  @Override
  protected EngineNodes newNodes() {
    return new Nodes();
  }
}
