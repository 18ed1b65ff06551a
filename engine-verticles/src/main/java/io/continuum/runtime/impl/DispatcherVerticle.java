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
 * hosted here are leased by this node already, so never claimed again while the lease holds; one
 * whose lease lapsed while hosted (renewals failed) may be, and the hosted run takes the new lease.
 */
final class DispatcherVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(DispatcherVerticle.class.getName());

  private final EngineRuntime rt;

  private final Rounds rounds =
      new Rounds(this::claimBatch, (millis, action) -> vertx.setTimer(millis, id -> action.run()));
  private Backstop backstop;
  private boolean claimedSincePoll;

  DispatcherVerticle(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public Future<?> start() {
    backstop =
        new Backstop(
            (millis, action) -> vertx.setTimer(millis, id -> action.run()),
            rt.options.dispatchPollInterval().toMillis(),
            rt.options.idlePollInterval().toMillis(),
            this::poll);
    backstop.start();
    return vertx
        .eventBus()
        .localConsumer(
            rt.addresses.dispatcher(),
            m -> {
              backstop.stirred();
              rounds.request().onComplete(ar -> m.reply(Messages.Reply.of(null)));
            })
        .completion();
  }

  @Override
  public Future<?> stop() {
    backstop.stop();
    return Future.succeededFuture();
  }

  private Future<Boolean> poll() {
    rt.tracker.begin();
    claimedSincePoll = false;
    return rounds.request().map(v -> claimedSincePoll).onComplete(ar -> rt.tracker.end());
  }

  private Future<Boolean> claimBatch() {
    if (rt.workflowTypes.isEmpty()) {
      return Future.succeededFuture(false);
    }
    int batch = rt.options.dispatchBatch();
    return rt.journal
        .claimRunnable(rt.owner, rt.workflowTypes, batch, rt.options.leaseTtl(), Set.of())
        .map(
            leases -> {
              rt.metrics.dispatcherClaims.increment(leases.size());
              claimedSincePoll |= !leases.isEmpty();
              adopt(leases);
              return leases.size() == batch;
            })
        .onFailure(
            err -> LOG.log(Level.WARNING, "claiming runnable runs failed: {0}", err.toString()));
  }

  private void adopt(List<Lease> leases) {
    for (Lease lease : leases) {
      rt.directory
          .adopt(lease)
          .onFailure(
              err -> {
                LOG.log(Level.WARNING, "no host took run {0}: {1}", lease.runId(), err.toString());
                rt.journal.releaseLeases(rt.owner, List.of(lease.runId()));
              });
    }
  }
}
