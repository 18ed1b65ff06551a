package io.continuum.core.replay;

import io.continuum.Failure;
import io.continuum.SideEffectFailure;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.payload.PayloadCodec;
import java.lang.reflect.Type;
import java.util.function.Supplier;

/**
 * Non-blocking effects (now, uuid, random, side effects): the first execution runs the producer and
 * journals {@code value_recorded}; replays return the journaled value without calling it.
 */
final class RecordedValues {
  private final ReplayContext ctx;
  private final StepRecorder step;
  private final History history;
  private final PayloadCodec codec;
  private final StepGuard guard;

  RecordedValues(
      ReplayContext ctx, StepRecorder step, History history, PayloadCodec codec, StepGuard guard) {
    this.ctx = ctx;
    this.step = step;
    this.history = history;
    this.codec = codec;
    this.guard = guard;
  }

  // The first execution returns the decoded copy too, so it behaves exactly like a replay; a
  // producer that throws is journaled as a failure and rethrown the same way on every replay.
  <T> T record(CommandKind kind, String name, Type type, Supplier<? extends T> producer) {
    int seq = ctx.match(kind, name);
    Event.ValueRecorded recorded;
    if (seq >= 0) {
      recorded = (Event.ValueRecorded) history.get(seq).event();
    } else {
      Object produced = null;
      Failure failed = null;
      guard.producing(true);
      try {
        produced = producer.get();
      } catch (RuntimeException e) {
        failed = Failure.of(e);
      } finally {
        guard.producing(false);
      }
      if (guard.fatal() != null) {
        throw guard.fatal();
      }
      var id = new CommandId(kind, name, ctx.ordinal());
      recorded =
          failed != null
              ? new Event.ValueRecorded(id, null, failed)
              : new Event.ValueRecorded(id, ctx.encode(produced));
      step.append(recorded);
    }
    if (recorded.failure() != null) {
      throw new SideEffectFailure(name, recorded.failure());
    }
    return recorded.value().decode(codec, type);
  }
}
