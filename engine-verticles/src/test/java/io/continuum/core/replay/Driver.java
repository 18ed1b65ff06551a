package io.continuum.core.replay;

import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.JacksonPayloadCodec;
import io.continuum.core.payload.Payload;
import java.time.Instant;
import java.util.List;

/** Drives the step executor like an engine would, without any I/O: commit, deliver, step again. */
final class Driver {
  final JacksonPayloadCodec codec = JacksonPayloadCodec.create();
  final StepExecutor executor = new StepExecutor(codec);
  final WorkflowDefinition definition;
  final History history;
  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private long ids;

  Driver(WorkflowDefinition definition, Object input) {
    this.definition = definition;
    this.history =
        History.of(
            List.of(
                new HistoryEvent(
                    1,
                    now,
                    new Event.RunStarted(
                        "run-1", "default", definition.type(), codec.encode(input), now))));
  }

  /** Runs a step and, unless it drifted, commits its events to the history. */
  StepOutcome step(InboxItem... inbox) {
    StepOutcome o =
        executor.step(definition, history, new StepInput("run-1", "default", now, List.of(inbox)));
    if (o.drift() == null) {
      int seq = history.lastSeq();
      for (Event e : o.events()) {
        history.append(new HistoryEvent(++seq, now, e));
      }
    }
    return o;
  }

  InboxItem.ActivityResult result(int commandSeq, Object value) {
    return new InboxItem.ActivityResult(++ids, commandSeq, codec.encode(value), null, 1);
  }

  InboxItem.ActivityResult failure(int commandSeq, String message) {
    return new InboxItem.ActivityResult(
        ++ids, commandSeq, null, io.continuum.Failure.of("x.Boom", message), 2);
  }

  InboxItem.Signal signal(String name, Object value) {
    return new InboxItem.Signal(++ids, name, codec.encode(value));
  }

  InboxItem.TimerFired timer(int commandSeq) {
    return new InboxItem.TimerFired(++ids, commandSeq);
  }

  Payload encode(Object value) {
    return codec.encode(value);
  }
}
