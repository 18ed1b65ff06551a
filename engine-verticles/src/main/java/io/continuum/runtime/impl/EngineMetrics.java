package io.continuum.runtime.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The engine's meters, tagged with the node id. Names follow Micrometer conventions ({@code
 * continuum.tasks.requeued} is exported to Prometheus as {@code continuum_tasks_requeued_total}).
 */
final class EngineMetrics {
  final Counter tasksRequeued;
  final Counter tasksExhausted;

  EngineMetrics(MeterRegistry registry, String nodeId) {
    tasksRequeued =
        Counter.builder("continuum.tasks.requeued")
            .description("Activity tasks requeued after their worker stopped heartbeating")
            .tag("node", nodeId)
            .register(registry);
    tasksExhausted =
        Counter.builder("continuum.tasks.exhausted")
            .description("Activity tasks failed with attempts_exhausted by the requeue sweep")
            .tag("node", nodeId)
            .register(registry);
  }
}
