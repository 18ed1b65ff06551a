package io.continuum.core.replay;

import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.PayloadCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Durable timers and signal awaits of one execution. A sleep journals {@code timer_started} and a
 * timer; an await journals {@code signal_awaited} (and a timer for its timeout) and is answered by
 * the oldest mailbox signal of its name, or by the timeout when no signal came first.
 */
final class Waits {
  private final ReplayContext ctx;
  private final StepRecorder step;
  private final StepInput input;
  private final PayloadCodec codec;

  Waits(ReplayContext ctx, StepRecorder step, StepInput input, PayloadCodec codec) {
    this.ctx = ctx;
    this.step = step;
    this.input = input;
    this.codec = codec;
  }

  void sleep(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    ctx.atWait();
    int seq = ctx.match(CommandKind.TIMER, "sleep");
    if (seq < 0) {
      Instant fireAt = input.now().plus(duration.isNegative() ? Duration.ZERO : duration);
      var id = new CommandId(CommandKind.TIMER, "sleep", ctx.ordinal());
      seq = step.append(new Event.TimerStarted(id, fireAt));
      step.timer(new TimerRequest(seq, fireAt));
    }
    ctx.atWait();
    Event.Resolution r = step.resolution(seq);
    if (r == null) {
      throw ctx.suspend("a timer (seq " + seq + ")");
    }
    if (!(r instanceof Event.TimerFired)) {
      throw ctx.drift(seq, "timer_fired", r.typeName());
    }
  }

  /** Starts a timer without waiting for it. */
  PendingTimer startTimer(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    int seq = ctx.match(CommandKind.TIMER, "timer");
    Instant fireAt;
    if (seq < 0) {
      fireAt = input.now().plus(duration.isNegative() ? Duration.ZERO : duration);
      var id = new CommandId(CommandKind.TIMER, "timer", ctx.ordinal());
      seq = step.append(new Event.TimerStarted(id, fireAt));
      step.timer(new TimerRequest(seq, fireAt));
    } else {
      fireAt = ((Event.TimerStarted) step.eventAt(seq)).fireAt();
    }
    return new PendingTimer(ctx, seq, fireAt);
  }

  /** Waits for a started timer. */
  void await(PendingTimer timer) {
    ctx.atWait();
    Event.Resolution r = step.resolution(timer.seq());
    if (r == null) {
      throw ctx.suspend("a timer (seq " + timer.seq() + ")");
    }
    if (!(r instanceof Event.TimerFired)) {
      throw ctx.drift(timer.seq(), "timer_fired", r.typeName());
    }
  }

  /** Claims the next signal of a name, without waiting for it. */
  <T> PendingSignal<T> signal(String name, Class<T> type) {
    checkName(name);
    Objects.requireNonNull(type, "type");
    int seq = ctx.match(CommandKind.SIGNAL, name);
    if (seq < 0) {
      seq =
          step.append(
              new Event.SignalAwaited(
                  new CommandId(CommandKind.SIGNAL, name, ctx.ordinal()), null));
    }
    return new PendingSignal<>(ctx, name, seq, type);
  }

  /**
   * Whether the handle's signal is here: journaled already, or taken from the mailbox now (which
   * only ever happens past the end of the history: a replayed await found it journaled).
   */
  boolean arrived(PendingSignal<?> signal) {
    if (step.resolution(signal.seq()) != null) {
      return true;
    }
    InboxItem.Signal s = step.takeSignal(signal.name());
    if (s == null) {
      return false;
    }
    step.resolve(new Event.SignalReceived(signal.seq(), s.id(), s.payload()));
    return true;
  }

  /** Waits for the handle's signal. */
  <T> T await(PendingSignal<T> signal) {
    ctx.atWait();
    if (!arrived(signal)) {
      throw ctx.suspend("signal '" + signal.name() + "' (seq " + signal.seq() + ")");
    }
    Event.Resolution r = step.resolution(signal.seq());
    if (r instanceof Event.SignalReceived received) {
      return received.payload().decode(codec, signal.type());
    }
    throw ctx.drift(signal.seq(), r.typeName(), "a wait for signal '" + signal.name() + "'");
  }

  /**
   * Waits until {@code condition} holds (checked now and on every later step, so after every
   * signal, update or other wake), at most {@code timeout} when not null; true when it held.
   */
  boolean until(BooleanSupplier condition, Duration timeout) {
    Objects.requireNonNull(condition, "condition");
    ctx.atWait();
    int seq = ctx.match(CommandKind.CONDITION, "condition");
    Instant newTimeout = null;
    if (seq < 0) {
      newTimeout = timeout == null ? null : input.now().plus(timeout);
      seq =
          step.append(
              new Event.ConditionAwaited(
                  new CommandId(CommandKind.CONDITION, "condition", ctx.ordinal()), newTimeout));
    }
    ctx.atWait();
    Event.Resolution r = step.resolution(seq);
    if (r == null) {
      if (ctx.holds(condition)) {
        r = new Event.ConditionMet(seq);
      } else if (step.takeTimeout(seq)) {
        r = new Event.ConditionTimedOut(seq);
      } else {
        // a condition that held at once needs no timer
        if (newTimeout != null) {
          step.timer(new TimerRequest(seq, newTimeout));
        }
        throw ctx.suspend("a condition (seq " + seq + ")");
      }
      step.resolve(r);
    }
    if (r instanceof Event.ConditionMet) {
      return true;
    }
    if (r instanceof Event.ConditionTimedOut && timeout != null) {
      return false;
    }
    throw ctx.drift(seq, r.typeName(), "a wait for a condition");
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a signal name must not be blank");
    }
  }

  <T> Optional<T> receive(String name, Class<T> type, Duration timeout) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a signal name must not be blank");
    }
    ctx.atWait();
    int seq = ctx.match(CommandKind.SIGNAL, name);
    if (seq < 0) {
      Instant timeoutAt = timeout == null ? null : input.now().plus(timeout);
      seq =
          step.append(
              new Event.SignalAwaited(
                  new CommandId(CommandKind.SIGNAL, name, ctx.ordinal()), timeoutAt));
      if (timeoutAt != null) {
        step.timer(new TimerRequest(seq, timeoutAt));
      }
    }
    ctx.atWait();
    Event.Resolution r = step.resolution(seq);
    if (r == null) {
      InboxItem.Signal s = step.takeSignal(name);
      if (s != null) {
        r = new Event.SignalReceived(seq, s.id(), s.payload());
      } else if (step.takeTimeout(seq)) {
        r = new Event.SignalTimedOut(seq);
      } else {
        throw ctx.suspend("signal '" + name + "' (seq " + seq + ")");
      }
      step.resolve(r);
    }
    if (r instanceof Event.SignalReceived received) {
      return Optional.ofNullable(received.payload().decode(codec, type));
    }
    if (r instanceof Event.SignalTimedOut && timeout != null) {
      return Optional.empty();
    }
    throw ctx.drift(seq, r.typeName(), "a wait for signal '" + name + "'");
  }
}
