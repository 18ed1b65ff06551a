package io.continuum.runtime.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The meters of one activity type on one node: attempts by outcome ({@code completed}, {@code
 * failed}, {@code retried}, {@code fenced}) and how long attempts ran.
 */
final class ActivityMeters {
  final Counter completed;
  final Counter failed;
  final Counter retried;
  final Counter fenced;
  final Timer latency;

  ActivityMeters(MeterRegistry registry, String nodeId, String activityType) {
    completed = attempts(registry, nodeId, activityType, "completed");
    failed = attempts(registry, nodeId, activityType, "failed");
    retried = attempts(registry, nodeId, activityType, "retried");
    fenced = attempts(registry, nodeId, activityType, "fenced");
    latency =
        Timer.builder("continuum.activity.latency")
            .description("Time from an activity attempt's start to its outcome")
            .tag("node", nodeId)
            .tag("activity", activityType)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
  }

  private static Counter attempts(
      MeterRegistry registry, String nodeId, String activityType, String outcome) {
    return Counter.builder("continuum.activity.attempts")
        .description("Activity attempts run on this node, by outcome")
        .tag("node", nodeId)
        .tag("activity", activityType)
        .tag("outcome", outcome)
        .register(registry);
  }
}
