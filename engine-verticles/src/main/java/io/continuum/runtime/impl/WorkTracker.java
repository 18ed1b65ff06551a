package io.continuum.runtime.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts engine work in flight so a test kit can tell when the engine has gone quiet. The rule that
 * makes it exact: work that starts other work begins their units before ending its own, so the
 * count never touches zero while anything is still queued.
 */
final class WorkTracker {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<Promise<Void>> waiters = new ConcurrentLinkedQueue<>();

  void begin() {
    inFlight.incrementAndGet();
  }

  void end() {
    end(1);
  }

  void end(int units) {
    if (units > 0 && inFlight.addAndGet(-units) == 0) {
      release();
    }
  }

  /** Ends a unit when {@code future} completes, whatever its outcome. */
  <T> Future<T> track(Future<T> future) {
    return future.andThen(ar -> end());
  }

  int inFlight() {
    return inFlight.get();
  }

  Future<Void> idle() {
    Promise<Void> p = Promise.promise();
    waiters.add(p);
    if (inFlight.get() == 0) {
      release();
    }
    return p.future();
  }

  private void release() {
    Promise<Void> p;
    while (inFlight.get() == 0 && (p = waiters.poll()) != null) {
      p.tryComplete();
    }
  }
}
