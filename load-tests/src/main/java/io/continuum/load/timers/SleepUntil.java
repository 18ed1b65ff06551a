package io.continuum.load.timers;

import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import java.time.Duration;
import java.time.Instant;

/**
 * Sleeps until the instant its input names (epoch milliseconds, journal time) and returns it: the
 * runs of one burst share that instant, so their timers come due together.
 *
 * <pre>{@code
 * client.start(SleepUntil.class, dueAt.toEpochMilli(), StartOptions.withId("burst-0-17"));
 * }</pre>
 */
@WorkflowType("load.timers.sleep-until")
public final class SleepUntil implements Workflow<Long, Long> {
  @Override
  public Long run(WorkflowContext ctx, Long dueAtMillis) {
    Duration left = Duration.between(ctx.now(), Instant.ofEpochMilli(dueAtMillis));
    ctx.sleep(left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left);
    return dueAtMillis;
  }
}
