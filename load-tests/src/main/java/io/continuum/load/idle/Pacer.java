package io.continuum.load.idle;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Keeps {@code concurrency} calls of {@code call(i)} in flight until {@code total} finished, and
 * records each one's latency (microseconds). Completions arrive on any engine thread, so the
 * counters are atomic and the histogram concurrent.
 */
final class Pacer {
  private final Vertx vertx;
  private final IntFunction<Future<?>> call;
  private final int total;
  private final int concurrency;
  private final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private volatile Throwable failure;
  private final Promise<Histogram> done = Promise.promise();

  Pacer(Vertx vertx, IntFunction<Future<?>> call, int total, int concurrency) {
    this.vertx = vertx;
    this.call = call;
    this.total = total;
    this.concurrency = concurrency;
  }

  /** Completes with the latency histogram once every call finished (fails with the first error). */
  Future<Histogram> run() {
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < Math.min(concurrency, total); i++) {
            next();
          }
        });
    return done.future();
  }

  private void next() {
    int n = started.getAndIncrement();
    if (n >= total) {
      return;
    }
    long t0 = System.nanoTime();
    call.apply(n)
        .onComplete(
            ar -> {
              if (ar.failed() && failure == null) {
                failure = ar.cause();
              }
              latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
              if (finished.incrementAndGet() == total) {
                if (failure != null) {
                  done.fail(failure);
                } else {
                  done.complete(latency);
                }
              } else {
                next();
              }
            });
  }
}
