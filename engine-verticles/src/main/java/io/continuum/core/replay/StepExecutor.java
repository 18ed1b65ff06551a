package io.continuum.core.replay;

import io.continuum.ExecutionTimeoutFailure;
import io.continuum.Failure;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.payload.PayloadCodec;
import io.continuum.core.payload.PayloadException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs one step of a run: calls the workflow from the start against its history and inbox, and
 * returns what the step produced. Pure: no I/O, no clock (the step's time comes in {@link
 * StepInput}), no Vert.x. The caller commits the outcome, or discards it.
 *
 * <pre>{@code
 * var executor = new StepExecutor(JacksonPayloadCodec.create());
 * StepOutcome outcome = executor.step(definition, history, stepInput);
 * }</pre>
 */
public final class StepExecutor {

  /** How long a cancelled run's code may clean up unless the engine says otherwise. */
  public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofMinutes(5);

  private final PayloadCodec codec;
  private final ChildSettings children;
  private final Duration cancelGrace;

  /** An executor whose children start unversioned, at most 10 deep. */
  public StepExecutor(PayloadCodec codec) {
    this(codec, ChildSettings.defaults());
  }

  /** An executor that starts children as {@code children} says. */
  public StepExecutor(PayloadCodec codec, ChildSettings children) {
    this(codec, children, DEFAULT_CANCEL_GRACE);
  }

  /**
   * An executor that starts children as {@code children} says and gives a cancelled run's code
   * {@code cancelGrace} to clean up (from the step that threw {@link io.continuum.CancelledFailure}
   * into it); past it, the run ends cancelled wherever its code is.
   */
  public StepExecutor(PayloadCodec codec, ChildSettings children, Duration cancelGrace) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.children = Objects.requireNonNull(children, "children");
    this.cancelGrace = Objects.requireNonNull(cancelGrace, "cancelGrace");
    if (cancelGrace.isNegative() || cancelGrace.isZero()) {
      throw new IllegalArgumentException("cancelGrace must be positive, got " + cancelGrace);
    }
  }

  /** The codec payloads are encoded and decoded with. */
  public PayloadCodec codec() {
    return codec;
  }

  /**
   * Runs one step.
   *
   * @throws IllegalStateException when the history already ended
   * @throws IllegalArgumentException when the history belongs to another workflow type
   * @throws VirtualMachineError when the JVM is failing; the step must be retried, not journaled
   */
  public StepOutcome step(WorkflowDefinition definition, History history, StepInput input) {
    if (history.terminal() != null) {
      throw new IllegalStateException("run " + input.runId() + " already ended");
    }
    String type = history.started().workflowType();
    if (!type.equals(definition.type())) {
      throw new IllegalArgumentException(
          "history of run " + input.runId() + " is of workflow '" + type + "', not " + definition);
    }
    int delivered = history.cancelDelivered();
    if (delivered > 0) {
      for (InboxItem item : input.inbox()) {
        if (item instanceof InboxItem.TimerFired t && t.commandSeq() == delivered) {
          String reason = ((Event.CancelDelivered) history.get(delivered).event()).reason();
          return cancelled(
              input.inbox(),
              (reason.isEmpty() ? "cancelled" : reason)
                  + " (its cleanup ran past the cancel grace period)");
        }
      }
    }
    if (deadlinePassed(input.inbox())) {
      return timedOut(input.inbox());
    }
    var ctx = new ReplayContext(history, input, codec, definition.type(), children, cancelGrace);
    ctx.absorb(input.inbox());
    Object workflowInput;
    try {
      workflowInput = history.started().input().decode(codec, definition.inputType());
    } catch (PayloadException e) {
      return ctx.finish(null, e);
    }
    Object result = null;
    Throwable thrown = null;
    try {
      result = definition.newInstance().run(ctx, workflowInput);
    } catch (Throwable t) {
      thrown = t;
    }
    return ctx.finish(result, thrown);
  }

  /**
   * Answers query {@code name} of a run: replays {@code events} (its whole history; a terminal
   * event is left out, so the code runs to the end it reached) with nothing new in the inbox, then
   * calls the handler the code registered last under that name. Writes nothing, schedules nothing.
   *
   * @throws io.continuum.UnknownQuery when the code registered no such handler
   * @throws io.continuum.QueryFailed when the handler failed or the code does not replay the
   *     history
   */
  public Payload query(
      WorkflowDefinition definition, List<HistoryEvent> events, StepInput input, String name) {
    return codec.encode(replayed(definition, events, input).answer(name));
  }

  // The run's code replayed over its history (without its end) to where it stopped, writing
  // nothing.
  private ReplayContext replayed(
      WorkflowDefinition definition, List<HistoryEvent> events, StepInput input) {
    List<HistoryEvent> open =
        !events.isEmpty() && events.get(events.size() - 1).event() instanceof Event.Terminal
            ? events.subList(0, events.size() - 1)
            : events;
    History history = History.of(open);
    var ctx = new ReplayContext(history, input, codec, definition.type(), children, cancelGrace);
    try {
      Object workflowInput = history.started().input().decode(codec, definition.inputType());
      definition.newInstance().run(ctx, workflowInput);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable ignored) {
      // Where the run stopped (a wait, its failure) is where the query looks at it.
    }
    if (ctx.drift() != null) {
      throw new io.continuum.QueryFailed(
          "the run's code does not replay its history: " + ctx.drift().getMessage(), ctx.drift());
    }
    return ctx;
  }

  /**
   * Checks update {@code name} with {@code input} against a run: replays {@code events} as {@link
   * #query} does, then runs the update's validator. Writes nothing.
   *
   * @throws io.continuum.UnknownUpdate when the code registered no such handler
   * @throws io.continuum.UpdateRejected when the input does not decode or the validator refused
   * @throws io.continuum.QueryFailed when the code does not replay the history
   */
  public void validateUpdate(
      WorkflowDefinition definition,
      List<HistoryEvent> events,
      StepInput input,
      String name,
      Payload update) {
    replayed(definition, events, input).validateUpdate(name, update);
  }

  // The chain's execution deadline passed: the run fails without running its code again, unless a
  // cancel request waits. That one wins wherever this check sits: the journal refuses any end but
  // cancelled while it waits, and it waits until the run ends.
  private static boolean deadlinePassed(List<InboxItem> inbox) {
    boolean passed = false;
    for (InboxItem item : inbox) {
      if (item instanceof InboxItem.CancelRequested) {
        return false;
      }
      passed |=
          item instanceof InboxItem.TimerFired t
              && t.commandSeq() == InboxItem.TimerFired.EXECUTION_DEADLINE;
    }
    return passed;
  }

  private static StepOutcome timedOut(List<InboxItem> inbox) {
    var failure =
        Failure.of(
            ExecutionTimeoutFailure.TYPE,
            "the run's execution timeout passed (see StartOptions.withExecutionTimeout)");
    return new StepOutcome(
        RunState.FAILED,
        List.of(new Event.RunFailed(failure)),
        inbox,
        List.of(),
        List.of(),
        null,
        null);
  }

  private static StepOutcome cancelled(List<InboxItem> inbox, String reason) {
    return new StepOutcome(
        RunState.CANCELLED,
        List.of(new Event.RunCancelled(reason)),
        inbox.stream().filter(i -> !(i instanceof InboxItem.CancelRequested)).toList(),
        List.of(),
        List.of(),
        null,
        null);
  }
}
