package io.continuum.runtime.impl;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.lang.System.Logger.Level;

/**
 * Claims activity tasks this node can run, when told that some are ready, when a slot frees while
 * tasks wait, and on a poll backstop; the {@link AttemptRunner} runs them. Concurrency is bounded
 * by the engine's worker slots, taken per task here and given back when an attempt's body ends.
 */
final class ActivityWorkerVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(ActivityWorkerVerticle.class.getName());

  private final EngineRuntime rt;
  private final Rounds rounds =
      new Rounds(this::claimBatch, (millis, action) -> vertx.setTimer(millis, id -> action.run()));
  private Backstop backstop;
  private boolean claimedSincePoll;

  ActivityWorkerVerticle(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public Future<?> start() {
    if (!rt.activities.isEmpty()) {
      backstop =
          new Backstop(
              (millis, action) -> vertx.setTimer(millis, id -> action.run()),
              rt.options.taskPollInterval().toMillis(),
              Math.max(
                  rt.options.taskPollInterval().toMillis(),
                  rt.options.idlePollInterval().toMillis()),
              this::poll);
      backstop.start();
    }
    return vertx.eventBus().localConsumer(rt.addresses.worker(), this::onMessage).completion();
  }

  @Override
  public Future<?> stop() {
    if (backstop != null) {
      backstop.stop();
    }
    return Future.succeededFuture();
  }

  private void onMessage(Message<Object> message) {
    if (backstop != null) {
      backstop.stirred();
    }
    claim().onComplete(ar -> message.reply(Messages.Reply.of(null)));
  }

  private Future<Boolean> poll() {
    rt.tracker.begin();
    claimedSincePoll = false;
    return claim().map(v -> claimedSincePoll).onComplete(ar -> rt.tracker.end());
  }

  private Future<Void> claim() {
    return rt.activities.isEmpty() ? Future.succeededFuture() : rounds.request();
  }

  private Future<Boolean> claimBatch() {
    int slots = rt.slots.take(rt.options.maxConcurrentActivities());
    if (slots == 0) {
      rt.attempts.backlog(true);
      return Future.succeededFuture(false);
    }
    return rt.journal
        .claimTasks(rt.owner, rt.activities.types(), slots, rt.options.taskLeaseTtl())
        .map(
            tasks -> {
              if (tasks.size() > slots) {
                LOG.log(
                    Level.ERROR,
                    "a claim for {0} activity tasks leased {1}; running them all",
                    slots,
                    tasks.size());
              }
              rt.slots.settle(slots, tasks.size());
              claimedSincePoll |= !tasks.isEmpty();
              rt.attempts.backlog(tasks.size() >= slots);
              tasks.forEach(rt.attempts::run);
              return false;
            })
        .onFailure(
            err -> {
              rt.slots.give(slots);
              LOG.log(Level.WARNING, "claiming activity tasks failed: {0}", err.toString());
            });
  }
}
