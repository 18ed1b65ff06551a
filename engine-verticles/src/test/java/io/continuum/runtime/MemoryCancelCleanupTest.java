package io.continuum.runtime;

/** Cancellation the workflow handles, on the in-memory journal. */
class MemoryCancelCleanupTest extends CancelCleanupContract {
  @Override
  protected EngineNodes newNodes() {
    return new Nodes();
  }
}
