package io.continuum.runtime.impl;

import io.continuum.RunState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The meters of one workflow type on one node (tags {@code node}, {@code workflow}). */
final class WorkflowMeters {
  final Counter started;
  final Counter completed;
  final Counter failed;
  final Counter cancelled;
  final Timer stepLatency;
  final Timer replayTime;

  WorkflowMeters(MeterRegistry registry, String nodeId, String workflowType) {
    started = counter(registry, nodeId, workflowType, "started", "Runs created by a start");
    completed = counter(registry, nodeId, workflowType, "completed", "Runs completed by this node");
    failed = counter(registry, nodeId, workflowType, "failed", "Runs failed by this node");
    cancelled = counter(registry, nodeId, workflowType, "cancelled", "Runs cancelled by this node");
    stepLatency =
        Timer.builder("continuum.step.latency")
            .description("Time from a step's replay start to its commit result")
            .tag("node", nodeId)
            .tag("workflow", workflowType)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    replayTime =
        Timer.builder("continuum.replay.time")
            .description("Time spent replaying workflow code in a step")
            .tag("node", nodeId)
            .tag("workflow", workflowType)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(5))
            .register(registry);
  }

  private static Counter counter(
      MeterRegistry registry, String nodeId, String type, String what, String description) {
    return Counter.builder("continuum.runs." + what)
        .description(description)
        .tag("node", nodeId)
        .tag("workflow", type)
        .register(registry);
  }

  /** Counts a terminal transition this node committed. */
  void ended(RunState state) {
    switch (state) {
      case COMPLETED -> completed.increment();
      case FAILED -> failed.increment();
      case CANCELLED -> cancelled.increment();
      default -> {
        // continued runs are not counted as ended: their chain goes on
      }
    }
  }
}
