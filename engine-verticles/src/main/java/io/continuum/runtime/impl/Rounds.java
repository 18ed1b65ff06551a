package io.continuum.runtime.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * Runs an asynchronous job in rounds on one context: a request while a round runs asks for one more
 * round after it (however many requests came), and every requester's future completes when a round
 * that started after its request has finished. Claims and reloads use it so that a burst of notices
 * costs at most two journal round trips, not one each.
 *
 * <p>A round's job returns true when more work is waiting (a full batch, say): the round goes on.
 */
final class Rounds {
  private final Supplier<Future<Boolean>> job;
  private Promise<Void> current;
  private Promise<Void> next;

  Rounds(Supplier<Future<Boolean>> job) {
    this.job = job;
  }

  /** Requests a round; completes when one that started after this call has finished. */
  Future<Void> request() {
    if (current == null) {
      current = Promise.promise();
      Future<Void> done = current.future();
      run();
      return done;
    }
    if (next == null) {
      next = Promise.promise();
    }
    return next.future();
  }

  private void run() {
    Future<Boolean> round;
    try {
      round = job.get();
    } catch (RuntimeException e) {
      round = Future.failedFuture(e);
    }
    round.onComplete(
        ar -> {
          if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
            run(); // more work waiting: the same round goes on
            return;
          }
          Promise<Void> finished = current;
          if (next != null) {
            current = next;
            next = null;
            run();
          } else {
            current = null;
          }
          finished.complete();
        });
  }
}
