package io.continuum.journal;

import java.util.List;

/**
 * What {@link Journal#renewLeases} did: how many leases it extended, and which of those runs have
 * work waiting in their inbox. The engine wakes those, so a lost notice (or a cancel requested
 * while the owner was unreachable) is honoured on the next lease beat at the latest.
 *
 * <pre>{@code
 * journal.renewLeases(owner, ttl).onSuccess(r -> r.waiting().forEach(router::wake));
 * }</pre>
 *
 * @param renewed the number of leases extended
 * @param waiting ids of renewed runs with inbox items (at most a few hundred per beat)
 */
public record RenewResult(int renewed, List<String> waiting) {

  /** At most this many waiting runs are reported per beat. */
  public static final int MAX_WAITING = 500;

  /** Validates the result. */
  public RenewResult {
    waiting = List.copyOf(waiting);
  }
}
