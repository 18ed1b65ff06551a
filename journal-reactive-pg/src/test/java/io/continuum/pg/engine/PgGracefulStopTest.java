package io.continuum.pg.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Continuum;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 5: a node hosting 50,000 runs (idle release off, so every one holds its lease)
 * stops gracefully within a bound and gives every lease back, while another client keeps renewing
 * the same leases as fast as it can — the lock-order race that once ended a stop in {@code deadlock
 * detected}. Another node then takes a run over at once, without waiting for any lease to lapse.
 */
class PgGracefulStopTest {
  private static final int RUNS = Integer.getInteger("continuum.test.stopRuns", 50_000);
  private static final Duration STOP_BOUND = Duration.ofSeconds(30);

  @WorkflowType("stop.wait")
  public static final class Waiting implements Workflow<Integer, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, Integer n) {
      return ctx.awaitSignal("go", Integer.class) + n;
    }
  }

  @Test
  void aNodeHostingFiftyThousandRunsStopsInTimeAndReleasesEveryLease() throws Exception {
    try (var nodes = new PgNodes()) {
      var a =
          nodes.start(
              "a",
              o -> o.withIdleRelease(Duration.ZERO).withMaxHostedRuns(RUNS * 2),
              b -> b.workflow(Waiting.class));
      startAll(a.engine().client(), RUNS, 64);
      nodes.settle();
      String owner = a.engine().owner();
      assertThat(count(nodes, "lease_owner = '" + owner + "'")).isEqualTo(RUNS);

      AtomicBoolean stopped = new AtomicBoolean();
      AtomicInteger renewals = new AtomicInteger();
      Thread renewer =
          new Thread(
              () -> {
                while (!stopped.get()) {
                  PgNodes.join(nodes.journal().renewLeases(owner, Duration.ofSeconds(30)));
                  renewals.incrementAndGet();
                }
              });
      renewer.start();
      long t0 = System.nanoTime();
      a.stop();
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      stopped.set(true);
      renewer.join(STOP_BOUND.toMillis());

      assertThat(renewals.get()).as("renewals raced the stop").isPositive();
      assertThat(took).as("the stop's duration").isLessThan(STOP_BOUND);
      assertThat(count(nodes, "lease_owner IS NOT NULL")).as("leases still held").isZero();

      var b = nodes.start("b", o -> o, x -> x.workflow(Waiting.class));
      PgNodes.join(b.engine().client().signal("w-7", "go", 100));
      b.tick();
      assertThat(PgNodes.join(b.engine().client().await("w-7", Integer.class, PgNodes.WAIT)))
          .isEqualTo(107);
    }
  }

  // Lanes of sequential starts, `lanes` in flight at any time.
  private static void startAll(Continuum client, int runs, int lanes) {
    List<Future<Void>> all = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      Promise<Void> done = Promise.promise();
      startFrom(client, lane, lanes, runs, done);
      all.add(done.future());
    }
    io.continuum.runtime.EngineNodes.join(Future.all(all), Duration.ofMinutes(5));
  }

  private static void startFrom(Continuum client, int i, int step, int runs, Promise<Void> done) {
    if (i >= runs) {
      done.complete();
      return;
    }
    client
        .start(Waiting.class, i, StartOptions.withId("w-" + i))
        .onSuccess(id -> startFrom(client, i + step, step, runs, done))
        .onFailure(done::fail);
  }

  private static int count(PgNodes nodes, String where) throws Exception {
    try (Connection c = PgTestDatabase.shared().connect(nodes.db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM continuum_runs WHERE " + where)) {
      r.next();
      return r.getInt(1);
    }
  }
}
