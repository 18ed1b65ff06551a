package io.continuum;

/**
 * Something a workflow can wait for: a started activity, child, timer, or the next signal of a
 * name. Pass handles to {@link WorkflowContext#awaitAny} to wait for whichever completes first;
 * each handle stays awaitable afterwards with {@link WorkflowContext#await(Awaitable)}.
 *
 * <pre>{@code
 * ActivityHandle<Quote> quote = ctx.startActivity(GetQuote.class, request);
 * TimerHandle deadline = ctx.startTimer(Duration.ofMinutes(5));
 * SignalHandle<String> stop = ctx.signal("stop", String.class);
 * Awaitable<?> first = ctx.awaitAny(quote, deadline, stop);
 * if (first == quote) return ctx.await(quote);
 * }</pre>
 *
 * @param <T> what awaiting it returns ({@code Void} for a timer)
 */
public interface Awaitable<T> {

  /** The history sequence number of the command that started it; stable across replays. */
  int seq();
}
