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
