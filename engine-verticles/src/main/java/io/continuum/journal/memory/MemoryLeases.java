package io.continuum.journal.memory;

import io.continuum.journal.JournalNotice;
import io.continuum.journal.Lease;
import io.continuum.journal.RenewResult;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Run leases in memory: claims, renewals and releases. */
final class MemoryLeases {
  private final MemoryStore store;

  MemoryLeases(MemoryStore store) {
    this.store = store;
  }

  Future<List<Lease>> claimRunnable(
      String owner,
      Collection<String> workflowTypes,
      int limit,
      Duration ttl,
      Collection<String> exclude) {
    return store.run(
        tx -> {
          Instant now = store.clock.instant();
          List<Lease> claimed = new ArrayList<>();
          for (MemoryRun row : store.runs.values()) {
            if (claimed.size() == limit) {
              break;
            }
            if (row.claimableAt(now)
                && claimable(row, workflowTypes)
                && !exclude.contains(row.runId)) {
              row.leaseOwner = owner;
              row.leaseToken = store.nextToken();
              row.leaseExpiresAt = now.plus(ttl);
              claimed.add(new Lease(row.runId, owner, row.leaseToken, row.leaseExpiresAt));
            }
          }
          return claimed;
        });
  }

  Future<RenewResult> renewLeases(String owner, Duration ttl) {
    return store.run(
        tx -> {
          Instant expiresAt = store.clock.instant().plus(ttl);
          int renewed = 0;
          List<String> waiting = new ArrayList<>();
          for (MemoryRun row : store.runs.values()) {
            if (owner.equals(row.leaseOwner)) {
              row.leaseExpiresAt = expiresAt;
              renewed++;
              if (!row.inbox.isEmpty() && waiting.size() < RenewResult.MAX_WAITING) {
                waiting.add(row.runId);
              }
            }
          }
          return new RenewResult(renewed, waiting);
        });
  }

  Future<Void> releaseLeases(String owner, Collection<String> runIds) {
    return store.run(
        tx -> {
          for (String runId : runIds) {
            MemoryRun row = store.runs.get(runId);
            if (row != null && owner.equals(row.leaseOwner)) {
              row.clearLease();
              if (!row.inbox.isEmpty()) {
                tx.notice(new JournalNotice.RunReady(runId));
              }
            }
          }
          return null;
        });
  }

  /** See {@link io.continuum.journal.Journal#claimRunnable}: which versions a node may run. */
  private static boolean claimable(MemoryRun row, Collection<String> keys) {
    if (keys.contains(row.workflowType)) {
      return true;
    }
    if (row.versionHash != null) {
      return keys.contains(row.workflowType + "@" + row.versionHash);
    }
    String prefix = row.workflowType + "@";
    return keys.stream().anyMatch(k -> k.startsWith(prefix));
  }
}
