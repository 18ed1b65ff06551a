package io.continuum.pg.impl;

import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.InboxItem;
import io.continuum.core.replay.ActivityRequest;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.TimerRequest;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.JournalNotice;
import io.continuum.journal.TaskLeasing;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A step outcome laid out as the column arrays of the start and commit statements. */
final class StepColumns {
  final String attributes;
  final Buffer result;
  final String failure;
  private final StepOutcome step;

  StepColumns(StepOutcome step) {
    this.step = step;
    this.attributes = step.attributes() == null ? null : step.attributes().jsonText();
    Event.Terminal end = step.terminal();
    this.result = end instanceof Event.RunCompleted c ? Values.bytes(c.result()) : null;
    this.failure = end instanceof Event.RunFailed f ? Values.json(f.failure()).encode() : null;
  }

  /** seq, type and stored bytes of each event, numbered after {@code afterSeq}. */
  static void events(Tuple args, int afterSeq, List<Event> events) {
    Integer[] seqs = new Integer[events.size()];
    String[] types = new String[events.size()];
    Buffer[] data = new Buffer[events.size()];
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      seqs[i] = afterSeq + i + 1;
      types[i] = e.typeName();
      data[i] = Buffer.buffer(EventCodec.encode(e));
    }
    args.addValue(seqs).addValue(types).addValue(data);
  }

  /** Ids of the consumed signals, fired timers and completed tasks. */
  void consumed(Tuple args) {
    List<Long> signals = new ArrayList<>();
    List<Long> timers = new ArrayList<>();
    List<Long> tasks = new ArrayList<>();
    for (InboxItem item : step.consumed()) {
      if (item instanceof InboxItem.Signal s) {
        signals.add(s.id());
      } else if (item instanceof InboxItem.TimerFired t) {
        timers.add(t.id());
      } else if (item instanceof InboxItem.ActivityResult a) {
        tasks.add(a.id());
      }
    }
    args.addValue(signals.toArray(new Long[0]))
        .addValue(timers.toArray(new Long[0]))
        .addValue(tasks.toArray(new Long[0]));
  }

  /** The new tasks' and timers' columns; none for a terminal step. */
  void tasksAndTimers(Tuple args) {
    List<ActivityRequest> tasks = step.activities();
    int n = tasks.size();
    Integer[] seqs = new Integer[n];
    String[] types = new String[n];
    Buffer[] inputs = new Buffer[n];
    String[] options = new String[n];
    String[] keys = new String[n];
    Integer[] attempts = new Integer[n];
    for (int i = 0; i < n; i++) {
      ActivityRequest a = tasks.get(i);
      seqs[i] = a.commandSeq();
      types[i] = a.activityType();
      inputs[i] = Values.bytes(a.input());
      options[i] = Values.json(a.options());
      keys[i] = a.idempotencyKey();
      attempts[i] = a.options().retry().maxAttempts();
    }
    args.addValue(seqs)
        .addValue(types)
        .addValue(inputs)
        .addValue(options)
        .addValue(keys)
        .addValue(attempts);
    List<TimerRequest> timers = step.timers();
    Integer[] timerSeqs = new Integer[timers.size()];
    OffsetDateTime[] fireAt = new OffsetDateTime[timers.size()];
    for (int i = 0; i < timers.size(); i++) {
      timerSeqs[i] = timers.get(i).commandSeq();
      fireAt[i] = Values.time(timers.get(i).fireAt());
    }
    args.addValue(timerSeqs).addValue(fireAt);
  }

  /** Whether each new task (in request order) is created leased. */
  Boolean[] leasedFlags(TaskLeasing leasing) {
    List<ActivityRequest> tasks = step.activities();
    Boolean[] flags = new Boolean[tasks.size()];
    for (int i = 0; i < flags.length; i++) {
      flags[i] = leasing != null && leasing.leases(tasks.get(i).commandSeq());
    }
    return flags;
  }

  /** Ids and results of the consumed activity outcomes, recorded for reuse. */
  void results(Tuple args) {
    List<Long> ids = new ArrayList<>();
    List<Buffer> results = new ArrayList<>();
    for (InboxItem item : step.consumed()) {
      if (item instanceof InboxItem.ActivityResult a) {
        ids.add(a.id());
        results.add(Values.bytes(a.result()));
      }
    }
    args.addValue(ids.toArray(new Long[0])).addValue(results.toArray(new Buffer[0]));
  }

  /** The tasks the statement created leased ([id, seq, token, expiry ms] rows) as claimed tasks. */
  List<ActivityTask> leased(String runId, JsonArray rows) {
    List<ActivityTask> tasks = new ArrayList<>();
    for (int i = 0; rows != null && i < rows.size(); i++) {
      JsonArray r = rows.getJsonArray(i);
      int commandSeq = r.getInteger(1);
      ActivityRequest a =
          step.activities().stream()
              .filter(x -> x.commandSeq() == commandSeq)
              .findFirst()
              .orElseThrow();
      tasks.add(
          new ActivityTask(
              r.getLong(0),
              runId,
              commandSeq,
              a.activityType(),
              a.input(),
              a.options(),
              1,
              a.idempotencyKey(),
              r.getLong(2),
              Instant.ofEpochMilli(r.getLong(3)),
              null));
    }
    return tasks;
  }

  /** After the commit: tell this node's verticles (and, coalesced, other nodes) what is new. */
  void publish(PgNotices notices, int leasedCount) {
    if (step.activities().size() > leasedCount) {
      notices.publish(new JournalNotice.TasksReady());
    }
    Instant earliest = null;
    for (TimerRequest t : step.timers()) {
      earliest = earliest == null || t.fireAt().isBefore(earliest) ? t.fireAt() : earliest;
    }
    if (earliest != null) {
      notices.publish(new JournalNotice.TimerArmed(earliest));
    }
  }
}
