package io.continuum.runtime.impl;

import io.continuum.journal.RenewResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renews every run lease this node holds, in one journal call per beat. Renewed runs with work
 * waiting are woken (the backstop for a lost notice, and how a cancel requested while this node was
 * unreachable is honoured); a waiting run this node holds but does not host (a release that failed)
 * is released (once it was found unhosted on two beats in a row), so that any node can claim it. A
 * node that hosts nothing and renewed nothing on its last beat skips its beats: idle, it costs the
 * database nothing (a lease it holds unhosted, a release that failed, then simply lapses).
 */
final class LeaseKeeperVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(LeaseKeeperVerticle.class.getName());

  private final EngineRuntime rt;
  private Set<String> unhostedLastBeat = Set.of();
  private int renewedLastBeat = -1;

  LeaseKeeperVerticle(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(
        rt.options.leaseRenewInterval().toMillis(),
        id -> {
          if (rt.directory.hostedCount() > 0 || renewedLastBeat != 0) {
            renew();
          }
        });
    return vertx
        .eventBus()
        .localConsumer(
            rt.addresses.keeper(),
            msg -> renew().onComplete(ar -> msg.reply(Messages.Reply.of(null))))
        .completion();
  }

  private Future<RenewResult> renew() {
    return rt.journal
        .renewLeases(rt.owner, rt.options.leaseTtl())
        .onSuccess(this::followUp)
        .onFailure(err -> LOG.log(Level.WARNING, "renewing leases failed: {0}", err.toString()));
  }

  private void followUp(RenewResult r) {
    rt.metrics.leasesRenewed.increment(r.renewed());
    renewedLastBeat = r.renewed();
    List<String> waiting = List.copyOf(r.waiting());
    List<Future<Boolean>> woken = new ArrayList<>(waiting.size());
    for (String runId : waiting) {
      woken.add(
          rt.directory
              .<Object>send(runId, Messages.WAKE)
              .map(v -> true)
              .recover(err -> Future.succeededFuture(!(err instanceof RunDirectory.NotHosted))));
    }
    Future.join(woken).onComplete(ar -> releaseOrphans(waiting, woken));
  }

  // A run claimed a moment ago is leased before its host has it: only a run found unhosted on two
  // beats in a row is an orphan.
  private void releaseOrphans(List<String> waiting, List<Future<Boolean>> woken) {
    List<String> orphans = new ArrayList<>();
    Set<String> unhosted = new HashSet<>();
    for (int i = 0; i < waiting.size(); i++) {
      if (woken.get(i).result()) {
        continue;
      }
      String runId = waiting.get(i);
      if (unhostedLastBeat.contains(runId)) {
        orphans.add(runId);
      } else {
        unhosted.add(runId);
      }
    }
    unhostedLastBeat = unhosted;
    if (!orphans.isEmpty()) {
      LOG.log(Level.INFO, "releasing {0} leases held but not hosted here", orphans.size());
      rt.journal.releaseLeases(rt.owner, orphans);
    }
  }
}
