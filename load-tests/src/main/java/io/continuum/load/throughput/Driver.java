package io.continuum.load.throughput;

import io.continuum.Continuum;
import io.continuum.RunHandle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Keeps {@code concurrency} workflows in flight until {@code total} have finished, and records each
 * one's latency from start to result. Completions arrive on any engine thread, so the counters are
 * atomic and the histogram concurrent. With several clients (one per node of a cluster), workflow
 * {@code n} is started through client {@code n % clients}, round-robin.
 *
 * <pre>{@code
 * Histogram latency = new Driver(vertx, List.of(a.client(), b.client()), OneActivity.class,
 *     10_000, 16).run().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
 * }</pre>
 */
public final class Driver {
  private final Vertx vertx;
  private final List<Continuum> clients;
  private final Class<? extends io.continuum.Workflow<Integer, Integer>> workflow;
  private final int total;
  private final int concurrency;
  private final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private volatile Throwable failure;
  private final Promise<Histogram> done = Promise.promise();

  Driver(
      Vertx vertx,
      Continuum client,
      Class<? extends io.continuum.Workflow<Integer, Integer>> workflow,
      int total,
      int concurrency) {
    this(vertx, List.of(client), workflow, total, concurrency);
  }

  /**
   * A driver that starts its workflows through {@code clients} in turn; the first {@code
   * concurrency} are started on a context of {@code vertx}, every later one where the previous one
   * finished.
   */
  public Driver(
      Vertx vertx,
      List<Continuum> clients,
      Class<? extends io.continuum.Workflow<Integer, Integer>> workflow,
      int total,
      int concurrency) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("a driver needs a client");
    }
    this.vertx = vertx;
    this.clients = List.copyOf(clients);
    this.workflow = workflow;
    this.total = total;
    this.concurrency = concurrency;
  }

  /** Completes with the latency histogram (microseconds) once all workflows finished. */
  public Future<Histogram> run() {
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < Math.min(concurrency, total); i++) {
            next();
          }
        });
    return done.future();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void next() {
    int n = started.getAndIncrement();
    if (n >= total) {
      return;
    }
    long t0 = System.nanoTime();
    Continuum client = clients.get(n % clients.size());
    Future<RunHandle<Integer>> start = client.start((Class) workflow, n);
    start
        .compose(RunHandle::result)
        .onComplete(
            ar -> {
              if (ar.failed() && failure == null) {
                failure = ar.cause();
              } else if (ar.succeeded() && ar.result() != n) {
                failure = new IllegalStateException("workflow " + n + " returned " + ar.result());
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
