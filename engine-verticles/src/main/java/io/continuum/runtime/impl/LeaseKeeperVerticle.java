package io.continuum.runtime.impl;

import io.continuum.journal.RenewResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.lang.System.Logger.Level;

/**
 * Renews every run lease this node holds, in one journal call per beat, and wakes the renewed runs
 * that have work waiting.
 */
final class LeaseKeeperVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(LeaseKeeperVerticle.class.getName());

  private final EngineRuntime rt;

  LeaseKeeperVerticle(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(rt.options.leaseRenewInterval().toMillis(), id -> renew());
    return vertx
        .eventBus()
        .localConsumer(
            Messages.KEEPER, msg -> renew().onComplete(ar -> msg.reply(Messages.Reply.of(null))))
        .completion();
  }

  // Runs with work waiting are woken here too: the backstop for a lost notice.
  private Future<RenewResult> renew() {
    return rt.journal
        .renewLeases(rt.owner, rt.options.leaseTtl())
        .onSuccess(r -> r.waiting().forEach(rt.router::wake))
        .onFailure(err -> LOG.log(Level.WARNING, "renewing leases failed: {0}", err.toString()));
  }
}
