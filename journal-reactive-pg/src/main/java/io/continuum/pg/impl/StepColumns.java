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
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a batch laid out as the column arrays of the batched start and commit statements:
 * every event, consumed inbox item, new task and new timer carries the number of its step in the
 * batch (1-based, matching {@code WITH ORDINALITY}).
 */
final class StepColumns {
  private final List<Integer> taskStep = new ArrayList<>();
  private final List<Integer> taskSeq = new ArrayList<>();
  private final List<String> taskType = new ArrayList<>();
  private final List<Buffer> taskInput = new ArrayList<>();
  private final List<String> taskOptions = new ArrayList<>();
  private final List<String> taskKey = new ArrayList<>();
  private final List<Integer> taskAttempts = new ArrayList<>();
  private final List<Boolean> taskLeased = new ArrayList<>();
  private final List<String> taskOwner = new ArrayList<>();
  private final List<Long> taskTtl = new ArrayList<>();
  private final List<Integer> timerStep = new ArrayList<>();
  private final List<Integer> timerSeq = new ArrayList<>();
  private final List<OffsetDateTime> timerAt = new ArrayList<>();
  private final List<Integer> eventStep = new ArrayList<>();
  private final List<Integer> eventSeq = new ArrayList<>();
  private final List<String> eventType = new ArrayList<>();
  private final List<Buffer> eventData = new ArrayList<>();
  private final List<Integer> consumedStep = new ArrayList<>();
  private final List<String> consumedKind = new ArrayList<>();
  private final List<Long> consumedId = new ArrayList<>();
  private final List<Integer> consumedAttempt = new ArrayList<>();
  private final List<Long> resultTask = new ArrayList<>();
  private final List<Buffer> resultData = new ArrayList<>();

  /** Step {@code n}'s events, numbered after {@code afterSeq}. */
  void events(int n, int afterSeq, List<Event> events) {
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      eventStep.add(n);
      eventSeq.add(afterSeq + i + 1);
      eventType.add(e.typeName());
      eventData.add(Buffer.buffer(EventCodec.encode(e)));
    }
  }

  /** Step {@code n}'s new tasks (created leased where {@code leasing} says) and timers. */
  void tasksAndTimers(int n, StepOutcome step, TaskLeasing leasing) {
    for (ActivityRequest a : step.activities()) {
      boolean leased = leasing != null && leasing.leases(a.commandSeq());
      taskStep.add(n);
      taskSeq.add(a.commandSeq());
      taskType.add(a.activityType());
      taskInput.add(Values.bytes(a.input()));
      taskOptions.add(Values.json(a.options()));
      taskKey.add(a.idempotencyKey());
      taskAttempts.add(a.options().retry().maxAttempts());
      taskLeased.add(leased);
      taskOwner.add(leased ? leasing.owner() : null);
      taskTtl.add(leased ? leasing.ttl().toMillis() : 0L);
    }
    for (TimerRequest t : step.timers()) {
      timerStep.add(n);
      timerSeq.add(t.commandSeq());
      timerAt.add(Values.time(t.fireAt()));
    }
  }

  /** Step {@code n}'s consumed signals, fired timers and activity results; results for reuse. */
  void consumed(int n, StepOutcome step) {
    for (InboxItem item : step.consumed()) {
      String kind =
          item instanceof InboxItem.Signal
              ? "s"
              : item instanceof InboxItem.TimerFired
                  ? "t"
                  : item instanceof InboxItem.ActivityResult
                      ? "a"
                      : item instanceof InboxItem.ChildOutcome
                          ? "o"
                          : item instanceof InboxItem.UpdateRequested ? "u" : null;
      if (kind != null) {
        consumedStep.add(n);
        consumedKind.add(kind);
        consumedId.add(item.id());
        consumedAttempt.add(item instanceof InboxItem.ActivityResult a ? a.attempts() : 0);
      }
      if (item instanceof InboxItem.ActivityResult a) {
        resultTask.add(a.id());
        resultData.add(Values.bytes(a.result()));
      }
    }
  }

  /** Appends the task, timer and event columns, in that order (17 parameters). */
  void addNewWork(Tuple args) {
    args.addValue(taskStep.toArray(new Integer[0]))
        .addValue(taskSeq.toArray(new Integer[0]))
        .addValue(taskType.toArray(new String[0]))
        .addValue(taskInput.toArray(new Buffer[0]))
        .addValue(taskOptions.toArray(new String[0]))
        .addValue(taskKey.toArray(new String[0]))
        .addValue(taskAttempts.toArray(new Integer[0]))
        .addValue(taskLeased.toArray(new Boolean[0]))
        .addValue(taskOwner.toArray(new String[0]))
        .addValue(taskTtl.toArray(new Long[0]))
        .addValue(timerStep.toArray(new Integer[0]))
        .addValue(timerSeq.toArray(new Integer[0]))
        .addValue(timerAt.toArray(new OffsetDateTime[0]))
        .addValue(eventStep.toArray(new Integer[0]))
        .addValue(eventSeq.toArray(new Integer[0]))
        .addValue(eventType.toArray(new String[0]))
        .addValue(eventData.toArray(new Buffer[0]));
  }

  /** Appends the consumed-item columns (3 parameters). */
  void addConsumed(Tuple args) {
    args.addValue(consumedStep.toArray(new Integer[0]))
        .addValue(consumedKind.toArray(new String[0]))
        .addValue(consumedId.toArray(new Long[0]));
  }

  /**
   * Appends the result-for-reuse columns and the attempt of each consumed item (3 parameters; the
   * attempts align with {@link #addConsumed}'s columns).
   */
  void addResults(Tuple args) {
    args.addValue(resultTask.toArray(new Long[0]))
        .addValue(resultData.toArray(new Buffer[0]))
        .addValue(consumedAttempt.toArray(new Integer[0]));
  }

  /** The tasks a statement created leased (its answer's 't' rows for one run) as claimed tasks. */
  static List<ActivityTask> leased(String runId, StepOutcome step, List<Row> rows) {
    if (rows == null) {
      return List.of();
    }
    List<ActivityTask> tasks = new ArrayList<>(rows.size());
    for (Row r : rows) {
      int commandSeq = r.getInteger("command_seq");
      ActivityRequest a =
          step.activities().stream()
              .filter(x -> x.commandSeq() == commandSeq)
              .findFirst()
              .orElseThrow();
      tasks.add(
          new ActivityTask(
              r.getLong("task_id"),
              runId,
              commandSeq,
              a.activityType(),
              a.input(),
              a.options(),
              1,
              a.idempotencyKey(),
              r.getLong("lease_token"),
              Values.instant(r.getOffsetDateTime("lease_expires_at")),
              null));
    }
    return tasks;
  }

  /** After a commit: tell this node's verticles (and, coalesced, other nodes) what is new. */
  static void publish(PgNotices notices, StepOutcome step, int leasedCount) {
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
