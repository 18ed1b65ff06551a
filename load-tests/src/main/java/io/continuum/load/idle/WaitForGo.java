package io.continuum.load.idle;

import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import java.time.Duration;

/** Waits for the signal {@code go} (at most an hour) and returns its input. */
@WorkflowType("load.idle")
public final class WaitForGo implements Workflow<Integer, Integer> {
  @Override
  public Integer run(WorkflowContext ctx, Integer n) {
    ctx.awaitSignal("go", String.class, Duration.ofHours(1));
    return n;
  }
}
