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
 * Runs the activity tasks this node can run: tasks created already leased to it (handed over by its
 * hosts), and tasks it claims. Concurrency is bounded by the engine's worker slots, taken per task
 * and given back when the attempt's body has finished. Blocking activities run on a dedicated
 * worker pool, asynchronous ones on this event loop.
 */
final class ActivityWorkerVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(ActivityWorkerVerticle.class.getName());

  private final EngineRuntime rt;
  private final Rounds rounds = new Rounds(this::claimBatch);
  private WorkerExecutor pool;
  private boolean backlog;

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
      vertx.setPeriodic(rt.options.taskPollInterval().toMillis(), id -> tracked());
    }
    return vertx.eventBus().localConsumer(rt.addresses.worker(), this::onMessage).completion();
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private void onMessage(Message<Object> message) {
    if (message.body() instanceof Messages.RunTasks leased) {
      leased.tasks().forEach(this::runAttempt);
      message.reply(Messages.Reply.of(null));
    } else {
      claim().onComplete(ar -> message.reply(Messages.Reply.of(null)));
    }
  }

  private Future<Void> claim() {
    return pool == null ? Future.succeededFuture() : rounds.request();
  }

  private void tracked() {
    rt.tracker.begin();
    claim().onComplete(ar -> rt.tracker.end());
  }

  private Future<Boolean> claimBatch() {
    int slots = rt.takeSlots(rt.options.maxConcurrentActivities());
    if (slots == 0) {
      backlog = true;
      return Future.succeededFuture(false);
    }
    return rt.journal
        .claimTasks(rt.owner, rt.activities.types(), slots, rt.options.taskLeaseTtl())
        .map(
            tasks -> {
              rt.activitySlots.release(slots - tasks.size());
              backlog = tasks.size() == slots;
              tasks.forEach(this::runAttempt);
              return false;
            })
        .otherwise(
            err -> {
              rt.activitySlots.release(slots);
              LOG.log(Level.WARNING, "claiming activity tasks failed: {0}", err.toString());
              return false;
            });
  }

  // The task's worker slot is already taken; the attempt gives it back when its body is done.
  private void runAttempt(ActivityTask task) {
    rt.tracker.begin();
    var attempt = new ActivityAttempt(rt, pool, task);
    attempt
        .bodyDone()
        .onComplete(
            ar -> {
              rt.activitySlots.release();
              if (backlog) {
                tracked();
              }
            });
    attempt
        .run()
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result() != null) {
                pollAt(ar.result());
              }
              rt.tracker.end();
            });
  }

  // A retried task is due later; look again then instead of waiting for the poll backstop.
  private void pollAt(Instant due) {
    long delay = Math.max(1, Duration.between(rt.journal.clock().instant(), due).toMillis() + 1);
    vertx.setTimer(delay, id -> tracked());
  }
}
