package io.continuum.runtime.impl;

import io.continuum.journal.ActivityTask;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Runs activity attempts whose worker slot is already taken, on the calling context: a host runs
 * the tasks its commit created leased (no hop to another event loop), the worker verticle runs the
 * tasks it claimed. Blocking bodies go to the engine's activity pool. When an attempt frees its
 * slot while claimable tasks wait, or puts its task back for a later retry, the worker verticle is
 * told to claim.
 */
final class AttemptRunner {
  private final EngineRuntime rt;
  private WorkerExecutor pool;
  private volatile boolean backlog;

  AttemptRunner(EngineRuntime rt) {
    this.rt = rt;
  }

  /** Opens the activity pool (activities may run for hours: no blocked-thread warnings). */
  void open() {
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
    var attempt = new ActivityAttempt(rt, pool, task);
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
              if (ar.succeeded() && ar.result() != null) {
                claimAt(ar.result());
              }
              rt.tracker.end();
            });
  }

  // A retried task is due later; claim then instead of waiting for the poll backstop.
  private void claimAt(Instant due) {
    long delay = Math.max(1, Duration.between(rt.journal.clock().instant(), due).toMillis() + 1);
    rt.vertx.setTimer(delay, id -> rt.nudgeWorker());
  }
}
