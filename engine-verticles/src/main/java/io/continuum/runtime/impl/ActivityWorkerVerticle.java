package io.continuum.runtime.impl;

import io.continuum.journal.ActivityTask;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Claims the activity tasks this node can run, up to its concurrency limit, and runs each attempt.
 * Blocking activities run on a dedicated worker pool, asynchronous ones on this event loop.
 */
final class ActivityWorkerVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(ActivityWorkerVerticle.class.getName());

  private final EngineRuntime rt;
  private WorkerExecutor pool;
  private int running;
  private boolean backlog;
  private final Rounds rounds = new Rounds(this::claimBatch);

  ActivityWorkerVerticle(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public Future<?> start() {
    if (!rt.activities.isEmpty()) {
      // Activities may run for hours: no blocked-thread warnings for them.
      pool =
          vertx.createSharedWorkerExecutor(
              "continuum-activities-" + rt.owner,
              rt.options.maxConcurrentActivities(),
              Long.MAX_VALUE,
              TimeUnit.NANOSECONDS);
      vertx.setPeriodic(
          rt.options.taskPollInterval().toMillis(),
          id -> {
            rt.tracker.begin();
            claim().onComplete(ar -> rt.tracker.end());
          });
    }
    return vertx.eventBus().localConsumer(Messages.WORKER, this::onMessage).completion();
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private void onMessage(Message<Object> message) {
    claim().onComplete(ar -> message.reply(Messages.Reply.of(null)));
  }

  private Future<Void> claim() {
    return pool == null ? Future.succeededFuture() : rounds.request();
  }

  private Future<Boolean> claimBatch() {
    int free = rt.options.maxConcurrentActivities() - running;
    if (free <= 0) {
      backlog = true;
      return Future.succeededFuture(false);
    }
    return rt.journal
        .claimTasks(rt.owner, rt.activities.types(), free, rt.options.taskLeaseTtl())
        .map(
            tasks -> {
              backlog = tasks.size() == free;
              tasks.forEach(this::runAttempt);
              return false;
            })
        .otherwise(
            err -> {
              LOG.log(Level.WARNING, "claiming activity tasks failed: {0}", err.toString());
              return false;
            });
  }

  private void runAttempt(ActivityTask task) {
    running++;
    rt.tracker.begin();
    new ActivityAttempt(rt, pool, task)
        .run()
        .onComplete(
            ar -> {
              running--;
              if (ar.succeeded() && ar.result() != null) {
                pollAt(ar.result());
              }
              if (backlog) {
                rt.tracker.begin();
                claim().onComplete(x -> rt.tracker.end());
              }
              rt.tracker.end();
            });
  }

  // A retried task is due later; look again then instead of waiting for the poll backstop.
  private void pollAt(Instant due) {
    long delay = Math.max(1, Duration.between(rt.journal.clock().instant(), due).toMillis() + 1);
    vertx.setTimer(delay, id -> claim());
  }
}
