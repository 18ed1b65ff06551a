package io.continuum.load.cluster;

import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;

/**
 * The signal-latency workflow of {@code load-tests/run cluster}: waits for the signal {@code go}
 * (no timeout, so no timer row) and returns its input.
 *
 * <pre>{@code
 * client.start(AwaitGo.class, 7, StartOptions.withId("sig-7"));
 * client.signal("sig-7", "go", "now");   // the run completes with 7
 * }</pre>
 */
@WorkflowType("load.cluster.await-go")
public final class AwaitGo implements Workflow<Integer, Integer> {
  @Override
  public Integer run(WorkflowContext ctx, Integer n) {
    ctx.awaitSignal("go", String.class);
    return n;
  }
}
