package io.continuum.runtime.impl;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's activity worker slots: taken by claims and by tasks leased at commit, given back per
 * attempt. Work the journal already leased to this node is never refused for want of a slot: when
 * more tasks arrive than slots were taken, the attempts run anyway and the missing slots are owed,
 * paid back from the next ones given back, so the node returns to its limit.
 */
final class WorkerSlots {
  private final Semaphore free;
  private final AtomicInteger owed = new AtomicInteger();

  WorkerSlots(int max) {
    this.free = new Semaphore(max);
  }

  /** Takes up to {@code wanted} slots without waiting; returns how many it got. */
  int take(int wanted) {
    int taken = 0;
    while (taken < wanted && free.tryAcquire()) {
      taken++;
    }
    return taken;
  }

  /** Gives {@code n} slots back (paying what is owed first). */
  void give(int n) {
    for (int i = 0; i < n; i++) {
      int o;
      do {
        o = owed.get();
      } while (o > 0 && !owed.compareAndSet(o, o - 1));
      if (o == 0) {
        free.release();
      }
    }
  }

  /**
   * {@code used} attempts start on {@code taken} slots: gives back the unused ones, or takes (or
   * owes) the missing ones.
   */
  void settle(int taken, int used) {
    if (used <= taken) {
      give(taken - used);
      return;
    }
    int missing = used - taken;
    owed.addAndGet(missing - take(missing));
  }

  /** Slots owed (attempts running beyond the limit). */
  int owed() {
    return owed.get();
  }
}
