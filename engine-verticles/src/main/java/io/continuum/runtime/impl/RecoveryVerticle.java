package io.continuum.runtime.impl;

import io.continuum.journal.SweepResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.lang.System.Logger.Level;

/**
 * Re-derives stranded work from the journal: on boot, claims runs whose owner died; periodically,
 * requeues activity tasks whose worker stopped heartbeating, and fails attempts that missed their
 * heartbeat timeout (first writing this node's pending heartbeats, so a heartbeat made before the
 * deadline counts; then stopping this node's attempts the sweep timed out).
 */
final class RecoveryVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(RecoveryVerticle.class.getName());

  private final EngineRuntime rt;

  RecoveryVerticle(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(
        rt.options.taskSweepInterval().toMillis(),
        id -> {
          rt.tracker.begin();
          sweep().onComplete(ar -> rt.tracker.end());
        });
    rt.nudgeDispatcher();
    return vertx
        .eventBus()
        .localConsumer(
            rt.addresses.recovery(),
            msg -> sweep().onComplete(ar -> msg.reply(Messages.Reply.of(null))))
        .completion();
  }

  private Future<SweepResult> sweep() {
    return rt.attempts
        .flushHeartbeats()
        .compose(v -> rt.journal.requeueExpiredTasks())
        .onSuccess(
            r -> {
              rt.attempts.timedOut(r.timedOut());
              rt.metrics.tasksRequeued.increment(r.requeued());
              rt.metrics.tasksExhausted.increment(r.exhausted());
              if (r.requeued() + r.exhausted() > 0) {
                LOG.log(
                    Level.INFO,
                    "requeued {0} activity tasks with expired leases; {1} ran out of attempts",
                    r.requeued(),
                    r.exhausted());
              }
            })
        .onFailure(err -> LOG.log(Level.WARNING, "task sweep failed: {0}", err.toString()));
  }
}
