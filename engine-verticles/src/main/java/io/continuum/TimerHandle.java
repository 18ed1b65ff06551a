package io.continuum;

import java.time.Instant;

/**
 * A durable timer the workflow started without waiting for it ({@link WorkflowContext#startTimer});
 * a deadline to race other work against with {@link WorkflowContext#awaitAny}.
 *
 * <pre>{@code
 * TimerHandle deadline = ctx.startTimer(Duration.ofHours(1));
 * if (ctx.awaitAny(approval, deadline) == deadline) ctx.compensateAll();
 * }</pre>
 */
public interface TimerHandle extends Awaitable<Void> {

  /** When the timer fires. */
  Instant fireAt();
}
