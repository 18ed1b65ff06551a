package io.continuum.runtime.impl;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * A backstop poll on one context that slows down while it finds nothing: from its pace, doubling
 * after every empty poll up to its idle pace, and back to its pace as soon as a poll finds work or
 * {@link #stirred} says something happened. Notices carry the news; the backstop only catches what
 * they missed (a lost notice, a lapsed lease), so an idle node polls a few times a minute instead
 * of every second.
 */
final class Backstop {
  private final Rounds.Delays delays;
  private final long paceMillis;
  private final long idlePaceMillis;
  private final Supplier<Future<Boolean>> poll;
  private long nextMillis;
  private boolean stopped;

  /**
   * @param poll one poll; its future says whether it found work (a failure counts as found, so the
   *     pace stays quick while the journal is in trouble; the poll backs off by itself)
   */
  Backstop(
      Rounds.Delays delays, long paceMillis, long idlePaceMillis, Supplier<Future<Boolean>> poll) {
    this.delays = delays;
    this.paceMillis = paceMillis;
    this.idlePaceMillis = Math.max(paceMillis, idlePaceMillis);
    this.poll = poll;
    this.nextMillis = paceMillis;
  }

  void start() {
    schedule();
  }

  void stop() {
    stopped = true;
  }

  /** Something happened: polls resume at their quick pace from the next one. */
  void stirred() {
    nextMillis = paceMillis;
  }

  private void schedule() {
    if (stopped) {
      return;
    }
    delays.after(nextMillis, this::pollOnce);
  }

  private void pollOnce() {
    Future<Boolean> polled;
    try {
      polled = poll.get();
    } catch (RuntimeException e) {
      polled = Future.failedFuture(e);
    }
    polled.onComplete(
        ar -> {
          boolean found = ar.failed() || Boolean.TRUE.equals(ar.result());
          nextMillis = found ? paceMillis : Math.min(idlePaceMillis, nextMillis * 2);
          schedule();
        });
  }
}
