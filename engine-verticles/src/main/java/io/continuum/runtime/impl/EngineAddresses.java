package io.continuum.runtime.impl;

import io.continuum.RunRef;

/**
 * The internal event-bus addresses of one engine, scoped by the engine's incarnation so that
 * several engines can share a Vert.x instance without receiving each other's messages.
 */
record EngineAddresses(String prefix, int hosts) {

  static EngineAddresses of(String owner, int hosts) {
    return new EngineAddresses("continuum." + owner.replace('/', '.') + ".", hosts);
  }

  /** The host that owns a run id: starts and adoptions of one run always go to the same one. */
  String hostOf(String runId) {
    return host(Math.floorMod(runId.hashCode(), hosts));
  }

  String host(int index) {
    return prefix + "host." + index;
  }

  /**
   * A hosted run's own address, {@code <prefix>run.<namespace>.<id>} for run key {@code runKey}:
   * wakes, local results and cancels.
   */
  String run(String runKey) {
    RunRef run = RunRef.ofKey(runKey);
    return prefix + "run." + run.namespace() + "." + run.id();
  }

  String forward() {
    return prefix + "forward";
  }

  String dispatcher() {
    return prefix + "dispatcher";
  }

  String worker() {
    return prefix + "activities";
  }

  String wheel() {
    return prefix + "timers";
  }

  String keeper() {
    return prefix + "leases";
  }

  String recovery() {
    return prefix + "recovery";
  }

  String stats() {
    return prefix + "stats";
  }
}
