package io.continuum.runtime;

/** Heartbeats, cancellation of running activities and external completion in memory. */
class MemoryHeartbeatTest extends HeartbeatContract {
  @Override
  protected EngineNodes newNodes() {
    return new Nodes();
  }
}
