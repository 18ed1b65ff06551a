package io.continuum.runtime;

/** Namespaced run identity on the in-memory journal. */
class MemoryNamespaceRunsTest extends NamespaceRunsContract {
  @Override
  protected EngineNodes newNodes() {
    return new Nodes();
  }
}
