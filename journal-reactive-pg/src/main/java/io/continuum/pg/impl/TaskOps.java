package io.continuum.pg.impl;

import io.continuum.ActivityOptions;
import io.continuum.Failure;
import io.continuum.RetryPolicy;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.ExternalCompletion;
import io.continuum.journal.FencedException;
import io.continuum.journal.JournalNotice;
import io.continuum.journal.SweepResult;
import io.continuum.journal.TaskBeat;
import io.continuum.journal.TaskHeartbeat;
import io.continuum.journal.TaskOutcome;
import io.continuum.journal.TimerEntry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Activity tasks and timers on Postgres. */
final class TaskOps {
  private final Pool pool;
  private final PgNotices notices;

  TaskOps(Pool pool, PgNotices notices) {
    this.pool = pool;
    this.notices = notices;
  }

  Future<List<ActivityTask>> claim(
      String owner, Collection<String> types, int limit, Duration ttl) {
    return pool.preparedQuery(TaskSql.CLAIM)
        .execute(Tuple.of(owner, ttl.toMillis(), types.toArray(new String[0]), limit))
        .map(
            rows -> {
              List<ActivityTask> tasks = new ArrayList<>(rows.size());
              rows.forEach(r -> tasks.add(Rows.task(r)));
              return tasks;
            });
  }

  Future<Boolean> heartbeat(long taskId, long token, Duration ttl) {
    return pool.preparedQuery(TaskSql.HEARTBEAT)
        .execute(Tuple.of(taskId, token, ttl.toMillis()))
        .map(rows -> rows.size() == 1);
  }

  Future<TaskBeat> beat(long taskId, long token, Duration ttl, TaskHeartbeat heartbeat) {
    return pool.preparedQuery(TaskSql.BEAT)
        .execute(
            Tuple.of(
                taskId,
                token,
                ttl.toMillis(),
                heartbeat != null,
                heartbeat == null ? null : Values.time(heartbeat.at()),
                heartbeat == null ? null : Values.bytes(heartbeat.details())))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return TaskBeat.LOST;
              }
              return rows.iterator().next().getBoolean("cancel_requested")
                  ? TaskBeat.CANCEL_REQUESTED
                  : TaskBeat.HELD;
            });
  }

  Future<Instant> awaitExternal(long taskId, long token) {
    return pool.preparedQuery(TaskSql.AWAIT_EXTERNAL)
        .execute(Tuple.of(taskId, token))
        .compose(
            rows ->
                rows.size() == 0
                    ? fenced("awaitExternalCompletion", taskId)
                    : Future.succeededFuture(
                        Values.instant(
                            rows.iterator().next().getOffsetDateTime("lease_expires_at"))));
  }

  /**
   * One transaction: the task is locked while the token's attempt still holds it, then completed,
   * or (a failure with attempts left and a retryable type) put back after the policy's backoff.
   */
  Future<Void> completeExternally(ExternalCompletion c) {
    var done = new java.util.concurrent.atomic.AtomicReference<String>();
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(TaskSql.LOCK_EXTERNAL)
                    .execute(Tuple.of(c.taskId(), c.runId(), c.attempt(), c.leaseToken()))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.failedFuture(
                                new FencedException(
                                    "completeExternally",
                                    c.runId(),
                                    FencedException.Reason.LEASE_LOST));
                          }
                          ActivityOptions options =
                              Values.options(
                                  (JsonObject) rows.iterator().next().getValue("options"));
                          RetryPolicy policy = options.retry();
                          if (c.failure() != null
                              && c.attempt() < policy.maxAttempts()
                              && policy.isRetryable(c.failure().type())) {
                            return conn.preparedQuery(TaskSql.RETRY)
                                .execute(
                                    Tuple.of(
                                        c.taskId(),
                                        c.leaseToken(),
                                        Values.json(c.failure()).encode(),
                                        policy.backoffAfter(c.attempt()).toMillis()))
                                .<Void>mapEmpty();
                          }
                          return conn.preparedQuery(TaskSql.COMPLETE)
                              .execute(
                                  Tuple.of(
                                      c.taskId(),
                                      c.leaseToken(),
                                      Values.bytes(c.result()),
                                      c.failure() == null
                                          ? null
                                          : Values.json(c.failure()).encode(),
                                      c.attempt()))
                              .map(
                                  done2 -> {
                                    done.set(c.runId());
                                    return (Void) null;
                                  });
                        }))
        .onSuccess(
            v -> {
              if (done.get() != null) {
                notices.publish(new JournalNotice.RunReady(done.get()));
              }
            });
  }

  Future<Void> complete(long taskId, long token, TaskOutcome outcome) {
    var result = outcome instanceof TaskOutcome.Success s ? Values.bytes(s.result()) : null;
    var failure =
        outcome instanceof TaskOutcome.Failed f ? Values.json(f.failure()).encode() : null;
    return pool.preparedQuery(TaskSql.COMPLETE)
        .execute(Tuple.of(taskId, token, result, failure, outcome.attempts()))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return fenced("completeTask", taskId);
              }
              notices.publish(
                  new JournalNotice.RunReady(rows.iterator().next().getString("run_id")));
              return Future.succeededFuture();
            });
  }

  Future<Instant> retry(long taskId, long token, Failure failure, Duration backoff) {
    return pool.preparedQuery(TaskSql.RETRY)
        .execute(Tuple.of(taskId, token, Values.json(failure).encode(), backoff.toMillis()))
        .compose(
            rows ->
                rows.size() == 0
                    ? fenced("retryTask", taskId)
                    : Future.succeededFuture(
                        Values.instant(rows.iterator().next().getOffsetDateTime("available_at"))));
  }

  private <T> Future<T> fenced(String op, long taskId) {
    return pool.preparedQuery(TaskSql.TASK_RUN)
        .execute(Tuple.of(taskId))
        .compose(
            rows -> {
              String runId =
                  rows.size() == 0 ? "task-" + taskId : rows.iterator().next().getString("run_id");
              return Future.failedFuture(
                  new FencedException(op, runId, FencedException.Reason.LEASE_LOST));
            });
  }

  Future<SweepResult> sweep() {
    return pool.query(TaskSql.SWEEP)
        .execute()
        .map(
            rows -> {
              Row r = rows.iterator().next();
              int requeued = r.getLong("requeued").intValue();
              int exhausted = r.getLong("exhausted").intValue();
              if (r.getBoolean("due")) {
                notices.publish(new JournalNotice.TasksReady());
              }
              String[] woken = r.getArrayOfStrings("woken");
              if (woken != null) {
                for (String runId : woken) {
                  notices.publish(new JournalNotice.RunReady(runId));
                }
              }
              Long[] timedOut = r.getArrayOfLongs("timed_out");
              return new SweepResult(
                  requeued, exhausted, timedOut == null ? List.of() : List.of(timedOut));
            });
  }

  Future<List<TimerEntry>> due(Instant horizon, TimerEntry after, int limit) {
    var due =
        after == null
            ? pool.preparedQuery(TaskSql.TIMERS_DUE).execute(Tuple.of(Values.time(horizon), limit))
            : pool.preparedQuery(TaskSql.TIMERS_DUE_AFTER)
                .execute(
                    Tuple.of(
                        Values.time(horizon), limit, Values.time(after.fireAt()), after.timerId()));
    return due.map(
        rows -> {
          List<TimerEntry> timers = new ArrayList<>(rows.size());
          rows.forEach(r -> timers.add(Rows.timer(r)));
          return timers;
        });
  }

  Future<List<Long>> fireMany(List<Long> timerIds) {
    if (timerIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(TaskSql.FIRE_MANY)
        .execute(Tuple.of(timerIds.toArray(new Long[0])))
        .map(
            rows -> {
              List<Long> fired = new ArrayList<>(rows.size());
              Set<String> woken = new LinkedHashSet<>();
              for (Row r : rows) {
                fired.add(r.getLong("id"));
                woken.add(r.getString("run_id"));
              }
              woken.forEach(runId -> notices.publish(new JournalNotice.RunReady(runId)));
              return fired;
            });
  }

  Future<Boolean> fire(long timerId) {
    return pool.preparedQuery(TaskSql.FIRE)
        .execute(Tuple.of(timerId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return false;
              }
              notices.publish(
                  new JournalNotice.RunReady(rows.iterator().next().getString("run_id")));
              return true;
            });
  }
}
