package io.continuum.runtime.impl;

import io.continuum.journal.ActivityTask;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs activity attempts whose worker slot is already taken, on the calling context: a host runs
 * the tasks its commit created leased (no hop to another event loop), the worker verticle runs the
 * tasks it claimed. Blocking bodies go to the engine's activity pool. When an attempt frees its
 * slot while claimable tasks wait, or puts its task back for a later retry, the worker verticle is
 * told to claim. The attempts running here are listed by task id, so a sweep can stop the ones it
 * timed out; each attempt acts on its own context.
 */
final class AttemptRunner {
  private final EngineRuntime rt;
  private final ConcurrentHashMap<Long, ActivityAttempt> running = new ConcurrentHashMap<>();
  private WorkerExecutor pool;
  private CompletionTokens tokens;
  private volatile boolean backlog;

  AttemptRunner(EngineRuntime rt) {
    this.rt = rt;
  }

  /**
   * Opens the activity pool (activities may run for hours: no blocked-thread warnings); attempts
   * sign their completion tokens with {@code tokens}.
   */
  void open(CompletionTokens tokens) {
    this.tokens = tokens;
    if (!rt.activities.isEmpty()) {
      pool =
          rt.vertx.createSharedWorkerExecutor(
              "continuum-activities-" + rt.owner,
              rt.options.maxConcurrentActivities(),
              Long.MAX_VALUE,
              TimeUnit.NANOSECONDS);
    }
  }

  void close() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }

  /** Whether the last claim filled every free slot (so more tasks may be waiting). */
  void backlog(boolean backlog) {
    this.backlog = backlog;
  }

  /** Runs one attempt of a task whose worker slot the caller took. */
  void run(ActivityTask task) {
    rt.tracker.begin();
    var attempt = new ActivityAttempt(rt, pool, task, tokens);
    running.put(task.taskId(), attempt);
    attempt
        .bodyDone()
        .onComplete(
            ar -> {
              rt.slots.give(1);
              if (backlog) {
                rt.nudgeWorker();
              }
            });
    attempt
        .run()
        .onComplete(
            ar -> {
              running.remove(task.taskId(), attempt);
              if (ar.succeeded() && ar.result() != null) {
                claimAt(ar.result());
              }
              rt.tracker.end();
            });
  }

  /** Writes every running attempt's pending heartbeat. */
  Future<Void> flushHeartbeats() {
    List<Future<Void>> writes = new ArrayList<>();
    running.values().forEach(a -> writes.add(a.flushNow()));
    return Future.join(writes).mapEmpty();
  }

  /** Stops the attempts of these tasks that run here: a sweep timed them out. */
  void timedOut(Collection<Long> taskIds) {
    for (Long id : taskIds) {
      ActivityAttempt attempt = running.get(id);
      if (attempt != null) {
        attempt.timedOut();
      }
    }
  }

  // A retried task is due later; claim then instead of waiting for the poll backstop.
  private void claimAt(Instant due) {
    long delay = Math.max(1, Duration.between(rt.journal.clock().instant(), due).toMillis() + 1);
    rt.vertx.setTimer(delay, id -> rt.nudgeWorker());
  }
}
