package io.continuum;

/**
 * The next signal of a name, as something to wait for ({@link WorkflowContext#signal}): it takes
 * the oldest signal of its name from the mailbox when it is awaited (or checked by {@link
 * WorkflowContext#awaitAny}), exactly once.
 *
 * <pre>{@code
 * SignalHandle<Approval> approval = ctx.signal("approval", Approval.class);
 * TimerHandle deadline = ctx.startTimer(Duration.ofHours(1));
 * if (ctx.awaitAny(approval, deadline) == approval) ship(ctx.await(approval));
 * }</pre>
 *
 * @param <T> the signal's payload type
 */
public interface SignalHandle<T> extends Awaitable<T> {

  /** The signal name. */
  String name();
}
