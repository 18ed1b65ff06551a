package io.continuum.core.event;

import io.continuum.ActivityOptions;
import io.continuum.Failure;
import io.continuum.RunState;
import io.continuum.core.payload.Payload;
import java.time.Instant;
import java.util.Objects;

/**
 * A journaled fact in a run's history. The history starts with {@link RunStarted}; {@link Command}
 * events record what the code asked for, in issue order; {@link Resolution} events record how a
 * command was answered (activity results, timer firings, signals) and point at the command by its
 * sequence number; a {@link Terminal} event ends the history.
 *
 * <pre>{@code
 * switch on type:
 * if (event instanceof Event.ActivityScheduled s) log.info("scheduled {}", s.id().name());
 * }</pre>
 */
public sealed interface Event
    permits Event.RunStarted, Event.Command, Event.Resolution, Event.Terminal {

  /** The wire name of the event type, e.g. {@code activity_scheduled}. */
  String typeName();

  /**
   * The first event of every history; it names the run so a history replays on its own (what {@code
   * ctx.info()} reports must be the same on every replay). A child run also names its parent and
   * its depth (1 for a child of a root run).
   */
  record RunStarted(
      String runId,
      String namespace,
      String workflowType,
      Payload input,
      Instant startedAt,
      String parentId,
      int depth)
      implements Event {
    public RunStarted {
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(workflowType, "workflowType");
      Objects.requireNonNull(input, "input");
      if (depth < 0 || (depth == 0) != (parentId == null)) {
        throw new IllegalArgumentException("a child has a parent and a depth of at least 1");
      }
    }

    /** The start of a run that is nobody's child. */
    public RunStarted(
        String runId, String namespace, String workflowType, Payload input, Instant startedAt) {
      this(runId, namespace, workflowType, input, startedAt, null, 0);
    }

    @Override
    public String typeName() {
      return "run_started";
    }
  }

  /** A request the workflow code made; matched by identity on replay. */
  sealed interface Command extends Event
      permits ActivityScheduled,
          TimerStarted,
          SignalAwaited,
          ValueRecorded,
          AttributesSet,
          CompensationScheduled,
          ChildStarted,
          CancelDelivered,
          ConditionAwaited,
          UpdateApplied {
    CommandId id();
  }

  /** An answer to the command journaled at {@link #commandSeq()}. */
  sealed interface Resolution extends Event
      permits ActivityCompleted,
          ActivityFailed,
          TimerFired,
          SignalReceived,
          SignalTimedOut,
          CompensationCompleted,
          CompensationFailed,
          ChildCompleted,
          ChildFailed,
          ChildCancelled,
          ConditionMet,
          ConditionTimedOut {
    int commandSeq();
  }

  /** The last event of a finished run. */
  sealed interface Terminal extends Event
      permits RunCompleted, RunFailed, RunCancelled, RunContinued {
    RunState state();
  }

  /** An activity was scheduled; its type is {@code id().name()}. */
  record ActivityScheduled(CommandId id, Payload input, ActivityOptions options)
      implements Command {
    public ActivityScheduled {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(options, "options");
    }

    @Override
    public String typeName() {
      return "activity_scheduled";
    }
  }

  /** A durable timer was started; it fires at {@code fireAt}. */
  record TimerStarted(CommandId id, Instant fireAt) implements Command {
    public TimerStarted {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(fireAt, "fireAt");
    }

    @Override
    public String typeName() {
      return "timer_started";
    }
  }

  /** The code waits for a signal named {@code id().name()}, until {@code timeoutAt} if not null. */
  record SignalAwaited(CommandId id, Instant timeoutAt) implements Command {
    public SignalAwaited {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String typeName() {
      return "signal_awaited";
    }
  }

  /**
   * A non-blocking effect (now, uuid, random, side effect) produced this value, or (for a side
   * effect whose producer threw) this failure.
   */
  record ValueRecorded(CommandId id, Payload value, Failure failure) implements Command {
    public ValueRecorded {
      Objects.requireNonNull(id, "id");
      if ((value == null) == (failure == null)) {
        throw new IllegalArgumentException("exactly one of value and failure must be set");
      }
    }

    /** A recorded value. */
    public ValueRecorded(CommandId id, Payload value) {
      this(id, value, null);
    }

    @Override
    public String typeName() {
      return "value_recorded";
    }
  }

  /** Search attributes were merged into the run (a JSON object). */
  record AttributesSet(CommandId id, Payload attributes) implements Command {
    public AttributesSet {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(attributes, "attributes");
    }

    @Override
    public String typeName() {
      return "attributes_set";
    }
  }

  /**
   * A saga compensation was scheduled as an activity task of type {@code id().name()}, to undo the
   * activity scheduled at {@code compensates}.
   */
  record CompensationScheduled(
      CommandId id, int compensates, Payload input, ActivityOptions options) implements Command {
    public CompensationScheduled {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(options, "options");
      if (compensates < 1) {
        throw new IllegalArgumentException("compensates must name an activity's seq");
      }
    }

    @Override
    public String typeName() {
      return "compensation_scheduled";
    }
  }

  /** The compensation scheduled at {@code commandSeq} returned {@code result}. */
  record CompensationCompleted(int commandSeq, Payload result, int attempts) implements Resolution {
    public CompensationCompleted {
      Objects.requireNonNull(result, "result");
    }

    @Override
    public String typeName() {
      return "compensation_completed";
    }
  }

  /**
   * The compensation scheduled at {@code commandSeq} failed after {@code attempts} attempts; the
   * run goes on.
   */
  record CompensationFailed(int commandSeq, Failure failure, int attempts) implements Resolution {
    public CompensationFailed {
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public String typeName() {
      return "compensation_failed";
    }
  }

  /**
   * A child run {@code childId} of workflow type {@code id().name()} was started with an input
   * whose hash is {@code inputHash} (a replay with another input drifts).
   */
  record ChildStarted(CommandId id, String childId, String inputHash) implements Command {
    public ChildStarted {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(childId, "childId");
      Objects.requireNonNull(inputHash, "inputHash");
    }

    @Override
    public String typeName() {
      return "child_started";
    }
  }

  /** The child started at {@code commandSeq} (its chain, if it continued) returned. */
  record ChildCompleted(int commandSeq, String childId, Payload result) implements Resolution {
    public ChildCompleted {
      Objects.requireNonNull(result, "result");
    }

    @Override
    public String typeName() {
      return "child_completed";
    }
  }

  /** The child started at {@code commandSeq} failed. */
  record ChildFailed(int commandSeq, String childId, Failure failure) implements Resolution {
    public ChildFailed {
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public String typeName() {
      return "child_failed";
    }
  }

  /** The child started at {@code commandSeq} was cancelled. */
  record ChildCancelled(int commandSeq, String childId, String reason) implements Resolution {
    public ChildCancelled {
      reason = reason == null ? "" : reason;
    }

    @Override
    public String typeName() {
      return "child_cancelled";
    }
  }

  /** The activity scheduled at {@code commandSeq} returned {@code result}. */
  record ActivityCompleted(int commandSeq, Payload result, int attempts) implements Resolution {
    public ActivityCompleted {
      Objects.requireNonNull(result, "result");
    }

    @Override
    public String typeName() {
      return "activity_completed";
    }
  }

  /** The activity scheduled at {@code commandSeq} failed after {@code attempts} attempts. */
  record ActivityFailed(int commandSeq, Failure failure, int attempts) implements Resolution {
    public ActivityFailed {
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public String typeName() {
      return "activity_failed";
    }
  }

  /** The timer started at {@code commandSeq} fired. */
  record TimerFired(int commandSeq) implements Resolution {
    @Override
    public String typeName() {
      return "timer_fired";
    }
  }

  /** The await at {@code commandSeq} consumed mailbox signal {@code signalId}. */
  record SignalReceived(int commandSeq, long signalId, Payload payload) implements Resolution {
    public SignalReceived {
      Objects.requireNonNull(payload, "payload");
    }

    @Override
    public String typeName() {
      return "signal_received";
    }
  }

  /** The await at {@code commandSeq} timed out before a signal arrived. */
  record SignalTimedOut(int commandSeq) implements Resolution {
    @Override
    public String typeName() {
      return "signal_timed_out";
    }
  }

  /**
   * A cancel request reached the code: {@link io.continuum.CancelledFailure} was thrown at the wait
   * the code was at. From here on the run ends {@code cancelled} however the code ends, and the
   * cleanup it runs is bounded by a timer at this event's seq.
   */
  record CancelDelivered(CommandId id, String reason) implements Command {
    public CancelDelivered {
      Objects.requireNonNull(id, "id");
      reason = reason == null ? "" : reason;
    }

    @Override
    public String typeName() {
      return "cancel_delivered";
    }
  }

  /** The code waits until its condition holds, until {@code timeoutAt} if not null. */
  record ConditionAwaited(CommandId id, Instant timeoutAt) implements Command {
    public ConditionAwaited {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String typeName() {
      return "condition_awaited";
    }
  }

  /** The condition awaited at {@code commandSeq} held. */
  record ConditionMet(int commandSeq) implements Resolution {
    @Override
    public String typeName() {
      return "condition_met";
    }
  }

  /** The condition awaited at {@code commandSeq} still did not hold when its timeout fired. */
  record ConditionTimedOut(int commandSeq) implements Resolution {
    @Override
    public String typeName() {
      return "condition_timed_out";
    }
  }

  /**
   * The update {@code updateId} named {@code id().name()} was applied at this point of the code:
   * its handler ran with {@code input} and returned {@code result}, or threw {@code failure}.
   */
  record UpdateApplied(
      CommandId id, String updateId, Payload input, Payload result, Failure failure)
      implements Command {
    public UpdateApplied {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(updateId, "updateId");
      Objects.requireNonNull(input, "input");
      if ((result == null) == (failure == null)) {
        throw new IllegalArgumentException("exactly one of result and failure must be set");
      }
    }

    @Override
    public String typeName() {
      return "update_applied";
    }
  }

  /** The workflow returned {@code result}. */
  record RunCompleted(Payload result) implements Terminal {
    public RunCompleted {
      Objects.requireNonNull(result, "result");
    }

    @Override
    public String typeName() {
      return "run_completed";
    }

    @Override
    public RunState state() {
      return RunState.COMPLETED;
    }
  }

  /** The workflow threw, or broke a rule of the engine ({@code SuspendLeakError}). */
  record RunFailed(Failure failure) implements Terminal {
    public RunFailed {
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public String typeName() {
      return "run_failed";
    }

    @Override
    public RunState state() {
      return RunState.FAILED;
    }
  }

  /** The run was cancelled. */
  record RunCancelled(String reason) implements Terminal {
    public RunCancelled {
      reason = reason == null ? "" : reason;
    }

    @Override
    public String typeName() {
      return "run_cancelled";
    }

    @Override
    public RunState state() {
      return RunState.CANCELLED;
    }
  }

  /**
   * The workflow called {@code ctx.continueAsNew(input)}: this run ended and {@code successorId}
   * was created in the same transaction, to start over from {@code input}.
   */
  record RunContinued(String successorId, Payload input) implements Terminal {
    public RunContinued {
      Objects.requireNonNull(successorId, "successorId");
      Objects.requireNonNull(input, "input");
    }

    @Override
    public String typeName() {
      return "run_continued";
    }

    @Override
    public RunState state() {
      return RunState.CONTINUED;
    }
  }
}
