package io.continuum.runtime.impl;

import io.continuum.journal.Lease;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;

/**
 * Claims runnable runs of the workflow types this node runs (unleased or with an expired lease,
 * work waiting) in batches and hands each to its host; on notices and on a poll backstop. Runs
 * hosted here are never claimed.
 */
final class DispatcherVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(DispatcherVerticle.class.getName());

  private final EngineRuntime rt;
  private final Rounds rounds =
      new Rounds(this::claimBatch, (millis, action) -> vertx.setTimer(millis, id -> action.run()));

  DispatcherVerticle(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(
        rt.options.dispatchPollInterval().toMillis(),
        id -> {
          rt.tracker.begin();
          rounds.request().onComplete(ar -> rt.tracker.end());
        });
    return vertx
        .eventBus()
        .localConsumer(
            rt.addresses.dispatcher(),
            m -> rounds.request().onComplete(ar -> m.reply(Messages.Reply.of(null))))
        .completion();
  }

  private Future<Boolean> claimBatch() {
    if (rt.workflowTypes.isEmpty()) {
      return Future.succeededFuture(false);
    }
    Set<String> exclude = Set.copyOf(rt.hosted.keySet());
    int batch = rt.options.dispatchBatch();
    return rt.journal
        .claimRunnable(rt.owner, rt.workflowTypes, batch, rt.options.leaseTtl(), exclude)
        .map(
            leases -> {
              rt.metrics.dispatcherClaims.increment(leases.size());
              adopt(leases);
              return leases.size() == batch;
            })
        .onFailure(
            err -> LOG.log(Level.WARNING, "claiming runnable runs failed: {0}", err.toString()));
  }

  private void adopt(List<Lease> leases) {
    for (Lease lease : leases) {
      rt.request(rt.hostForAdoption(lease.runId()), new Messages.AdoptRun(lease))
          .onFailure(
              err -> {
                LOG.log(Level.WARNING, "no host took run {0}: {1}", lease.runId(), err.toString());
                rt.journal.releaseLeases(rt.owner, List.of(lease.runId()));
              });
    }
  }
}
