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
 * <p>A round's job returns true when more work is waiting (a full batch, say): the round goes on. A
 * round that fails (the database refuses) delays the next one, 100 ms doubling up to 10 s, so no
 * burst of notices or nudges can spin a core against a database that keeps refusing; the first
 * round that succeeds ends the backoff.
 */
final class Rounds {
  static final long FIRST_BACKOFF_MS = 100;
  static final long MAX_BACKOFF_MS = 10_000;

  /** Runs an action after a delay (a Vert.x timer on the owner's context). */
  interface Delays {
    void after(long millis, Runnable action);
  }

  private final Supplier<Future<Boolean>> job;
  private final Delays delays;
  private Promise<Void> current;
  private Promise<Void> next;
  private int failures;

  Rounds(Supplier<Future<Boolean>> job, Delays delays) {
    this.job = job;
    this.delays = delays;
  }

  /** Requests a round; completes when one that started after this call has finished. */
  Future<Void> request() {
    if (current == null) {
      current = Promise.promise();
      Future<Void> done = current.future();
      begin();
      return done;
    }
    if (next == null) {
      next = Promise.promise();
    }
    return next.future();
  }

  /** How long the next round waits: 0, or the backoff after consecutive failed rounds. */
  long backoffMillis() {
    return failures == 0
        ? 0
        : Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failures - 1, 20));
  }

  private void begin() {
    long wait = backoffMillis();
    if (wait == 0) {
      run();
    } else {
      delays.after(wait, this::run);
    }
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
          failures = ar.succeeded() ? 0 : failures + 1;
          if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
            run(); // more work waiting: the same round goes on
            return;
          }
          Promise<Void> finished = current;
          if (next != null) {
            current = next;
            next = null;
            begin();
          } else {
            current = null;
          }
          finished.complete();
        });
  }
}
