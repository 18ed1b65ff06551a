package io.continuum.runtime.impl;

import io.continuum.journal.Lease;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;

/**
 * Claims runnable runs (unleased or with an expired lease, work waiting) in batches and hands them
 * to the hosts; on notices and on a poll backstop. Runs hosted here are never claimed.
 */
final class DispatcherVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(DispatcherVerticle.class.getName());

  private final EngineRuntime rt;
  private Promise<Void> round;
  private boolean again;

  DispatcherVerticle(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(
        rt.options.dispatchPollInterval().toMillis(),
        id -> {
          rt.tracker.begin();
          claim().onComplete(ar -> rt.tracker.end());
        });
    return vertx.eventBus().localConsumer(Messages.DISPATCHER, this::onMessage).completion();
  }

  private void onMessage(Message<Object> message) {
    claim().onComplete(ar -> message.reply(Messages.Reply.of(null)));
  }

  /** One claim round; a request during a round runs one more round after it. */
  private Future<Void> claim() {
    if (round != null) {
      again = true;
      return round.future();
    }
    round = Promise.promise();
    Future<Void> done = round.future();
    claimBatch();
    return done;
  }

  private void claimBatch() {
    again = false;
    Set<String> exclude = Set.copyOf(rt.hosted.keySet());
    rt.journal
        .claimRunnable(rt.owner, rt.options.dispatchBatch(), rt.options.leaseTtl(), exclude)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.log(Level.WARNING, "claiming runnable runs failed: {0}", ar.cause().toString());
              } else {
                adopt(ar.result());
              }
              boolean full = ar.succeeded() && ar.result().size() == rt.options.dispatchBatch();
              if (again || full) {
                claimBatch();
              } else {
                Promise<Void> finished = round;
                round = null;
                finished.complete();
              }
            });
  }

  private void adopt(List<Lease> leases) {
    for (Lease lease : leases) {
      rt.request(Messages.HOSTS, new Messages.AdoptRun(lease))
          .onFailure(
              err -> {
                LOG.log(Level.WARNING, "no host took run {0}: {1}", lease.runId(), err.toString());
                rt.journal.releaseLeases(rt.owner, List.of(lease.runId()));
              });
    }
  }
}
