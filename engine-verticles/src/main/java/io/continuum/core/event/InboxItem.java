package io.continuum.core.event;

import io.continuum.Failure;
import io.continuum.core.payload.Payload;
import java.util.Objects;

/**
 * Something delivered to a run that its owner has not journaled yet: an activity outcome, a timer
 * firing, a signal in the mailbox, a cancel request. Only the run's lease holder turns inbox items
 * into history, in its next step; the step names the items it consumed and the journal removes them
 * in the same transaction.
 *
 * <pre>{@code
 * for (InboxItem item : inbox.items()) {
 *   if (item instanceof InboxItem.Signal s) log.info("signal {} waiting", s.name());
 * }
 * }</pre>
 */
public sealed interface InboxItem
    permits InboxItem.ActivityResult,
        InboxItem.TimerFired,
        InboxItem.Signal,
        InboxItem.ChildOutcome,
        InboxItem.UpdateRequested,
        InboxItem.CancelRequested {

  /** The journal's id of the item, unique among items of the same kind. */
  long id();

  /**
   * The outcome of the activity (or saga compensation) scheduled at {@code commandSeq}: a result or
   * a failure.
   */
  record ActivityResult(long id, int commandSeq, Payload result, Failure failure, int attempts)
      implements InboxItem {
    public ActivityResult {
      if ((result == null) == (failure == null)) {
        throw new IllegalArgumentException("exactly one of result and failure must be set");
      }
    }
  }

  /**
   * The timer of the command at {@code commandSeq} (a sleep or a signal timeout) is due. Two timers
   * belong to no command: {@link #EXECUTION_DEADLINE}, the run's chain passed its execution
   * timeout, and {@link #START}, a delayed run's start time came.
   */
  record TimerFired(long id, int commandSeq) implements InboxItem {
    /** The seq of the timer of a chain's execution deadline (no event has seq 0). */
    public static final int EXECUTION_DEADLINE = 0;

    /** The seq of the timer of a delayed run's start: its {@code run_started} (seq 1). */
    public static final int START = 1;
  }

  /** A signal waiting in the mailbox, consumed in {@code id} order per name. */
  record Signal(long id, String name, Payload payload) implements InboxItem {
    public Signal {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /**
   * A child run started at {@code commandSeq} ended: {@code state} is COMPLETED (with {@code
   * result}), FAILED (with {@code failure}) or CANCELLED (with {@code reason}). {@code childId} is
   * the id the parent started it under, also when the child continued as new.
   */
  record ChildOutcome(
      long id,
      int commandSeq,
      String childId,
      io.continuum.RunState state,
      Payload result,
      Failure failure,
      String reason)
      implements InboxItem {
    public ChildOutcome {
      Objects.requireNonNull(childId, "childId");
      Objects.requireNonNull(state, "state");
      switch (state) {
        case COMPLETED -> Objects.requireNonNull(result, "result");
        case FAILED -> Objects.requireNonNull(failure, "failure");
        case CANCELLED -> reason = reason == null ? "" : reason;
        default -> throw new IllegalArgumentException("a child outcome is a terminal state");
      }
    }
  }

  /**
   * Somebody asked for update {@code updateId} (handler {@code name}) with {@code input}; the run's
   * owner applies it at the code's next wait and journals its outcome.
   */
  record UpdateRequested(long id, String updateId, String name, Payload input)
      implements InboxItem {
    public UpdateRequested {
      Objects.requireNonNull(updateId, "updateId");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(input, "input");
    }
  }

  /** Somebody asked for the run to be cancelled. */
  record CancelRequested(long id, String reason) implements InboxItem {}
}
