package io.continuum.load.idle;

import io.continuum.StartOptions;
import io.continuum.load.Options;
import io.continuum.load.Scenario;
import io.continuum.load.UsageException;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.pg.testing.PgTestDatabase;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * {@code load-tests/run idle}: N runs that wait for a signal (an hour's timeout) on one engine on
 * the Postgres at {@code CONTINUUM_PG_URL} (else the test fixture's); what they cost at rest over a
 * quiet window (commits, updated tuples and WAL per second, heap per hosted run), then how fast
 * they wake when every one is signalled (signal to completed, and the time to drain them all). The
 * window's readings include the two reads of the statistics themselves (a commit each). WAL is the
 * whole server's: run it on a server of its own.
 *
 * <p>{@code heap_bytes_per_run} is measured right after the starts, while every run is still
 * hosted. With the engine's idle release on ({@code --idle-release S}, the default 10 s), the
 * scenario then waits until the runs have left memory ({@code hosted_at_rest}) and given their
 * leases back ({@code leases_at_rest}), then for the statistics to settle (11 s: idle backends
 * flush theirs within 10 s) and for autovacuum to finish its cleanup after the churn, before the
 * window, so the wake figures are those of evicted runs, claimed back on demand; {@code
 * --idle-release 0} keeps them hosted, for the hosted wake figures to compare with (run both in one
 * sitting). {@code --table N} first fills the runs table up to N rows with bystanders (suspended
 * runs nobody will wake), for the cost of waiting in a big table.
 *
 * <pre>{@code
 * $ CONTINUUM_PG_URL=postgresql://postgres@127.0.0.1:55432/postgres load-tests/run idle --runs 20000
 * start_per_s 2100.4
 * heap_bytes_per_run 1480.2
 * idle_commits_per_s 0.1
 * idle_tup_upd_per_s 2000.3
 * idle_wal_kb_per_s 1800.2
 * wake_p50_ms 4.1
 * wake_p99_ms 19.8
 * drain_s 6.2
 * }</pre>
 */
public final class IdleScenario implements Scenario {

  @Override
  public String name() {
    return "idle";
  }

  @Override
  public String summary() {
    return "N runs waiting for a signal: their cost at rest (commits, updates, WAL, heap), then"
        + " how fast they wake";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("runs", "N", "10000", "waiting runs"),
        new Option("window", "S", "30", "seconds of rest measured"),
        new Option("concurrency", "C", "64", "starts (and then signals) in flight"),
        new Option(
            "idle-release", "S", "10", "seconds a run idles before it leaves memory (0: never)"),
        new Option("max-hosted", "N", "100000", "runs the node keeps in memory at most"),
        new Option(
            "table",
            "N",
            "0",
            "runs in the table in all: the difference is filled with waiting bystander rows"),
        new Option("pool", "N", "0", "journal connections (0: the journal's default)"));
  }

  @Override
  public void run(Options options, PrintStream out) throws Exception {
    int runs = options.intValue("runs", 1);
    int window = options.intValue("window", 1);
    int concurrency = options.intValue("concurrency", 1);
    int pool = options.intValue("pool", 0);
    int idleRelease = options.intValue("idle-release", 0);
    int maxHosted = options.intValue("max-hosted", 1);
    int table = options.intValue("table", 0);
    if (runs > 10_000_000) {
      throw new UsageException("--runs is at most 10,000,000");
    }
    PgTestDatabase server = PgTestDatabase.shared();
    PgConnectOptions db = server.newDatabase();
    System.err.println("idle: database " + db.getDatabase() + " on " + server.source());
    if (table > runs) {
      System.err.println("idle: adding " + (table - runs) + " bystander runs");
      PgActivity.addBystanders(db, table - runs);
    }
    Vertx vertx = Vertx.vertx();
    PgJournalOptions journalOptions =
        pool > 0 ? PgJournalOptions.defaults().withPoolSize(pool) : PgJournalOptions.defaults();
    PgJournal journal = PgTestDatabase.join(PgJournal.create(vertx, db, journalOptions));
    var meters = new SimpleMeterRegistry();
    Engine engine =
        Engine.builder()
            .journal(journal)
            .workflow(WaitForGo.class)
            .meterRegistry(meters)
            .options(
                EngineOptions.defaults()
                    .withNodeId("idle")
                    .withIdleRelease(Duration.ofSeconds(idleRelease))
                    .withMaxHostedRuns(maxHosted))
            .build();
    Throwable failure = null;
    try {
      PgTestDatabase.join(engine.deploy(vertx));
      var client = engine.client();
      long heapBefore = usedHeapAfterGc();

      long t0 = System.nanoTime();
      pace(
          vertx,
          i -> client.start(WaitForGo.class, i, StartOptions.withId("idle-" + i)),
          runs,
          concurrency);
      double startSeconds = (System.nanoTime() - t0) / 1e9;
      out.println("start_per_s " + fmt(runs / startSeconds));
      out.println("table_runs " + Math.max(table, runs));
      out.println("heap_bytes_per_run " + fmt((usedHeapAfterGc() - heapBefore) / (double) runs));

      if (idleRelease > 0) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(idleRelease + 120L);
        while (hosted(meters) > 0 && System.nanoTime() < until) {
          Thread.sleep(250);
        }
      }
      // At rest means the leases are back too: a release trails the run's leaving memory.
      long leasesUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (PgActivity.leasesHeld(db) > 0 && idleRelease > 0 && System.nanoTime() < leasesUntil) {
        Thread.sleep(250);
      }
      out.println("hosted_at_rest " + fmt(hosted(meters)));
      out.println("leases_at_rest " + PgActivity.leasesHeld(db));
      out.println(
          "heap_bytes_per_run_at_rest " + fmt((usedHeapAfterGc() - heapBefore) / (double) runs));

      // What the starts and releases did reaches the server's statistics first: a backend flushes
      // at most once a second, and one that went idle in the pool only after 10 s.
      Thread.sleep(11_000);
      // Nor is autovacuum's cleanup after the starts and releases (its WAL, its commits): the
      // window opens once no autovacuum worker is busy in this database (or after two minutes).
      long vacuumUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (PgActivity.autovacuuming(db) && System.nanoTime() < vacuumUntil) {
        Thread.sleep(500);
      }
      PgActivity from = PgActivity.read(db);
      System.err.println("idle: resting " + window + " s with " + runs + " runs waiting");
      Thread.sleep(window * 1_000L);
      PgActivity to = PgActivity.read(db);
      out.println("idle_commits_per_s " + fmt(to.perSecond(from.commits(), to.commits(), from)));
      out.println(
          "idle_tup_upd_per_s "
              + fmt(to.perSecond(from.tuplesUpdated(), to.tuplesUpdated(), from)));
      out.println(
          "idle_wal_kb_per_s " + fmt(to.perSecond(from.walBytes(), to.walBytes(), from) / 1024));

      long w0 = System.nanoTime();
      Histogram wake =
          pace(
              vertx,
              i ->
                  client
                      .signal("idle-" + i, "go", "now")
                      .compose(v -> client.await("idle-" + i, Integer.class)),
              runs,
              concurrency);
      out.println("wake_p50_ms " + fmt(wake.getValueAtPercentile(50) / 1000.0));
      out.println("wake_p99_ms " + fmt(wake.getValueAtPercentile(99) / 1000.0));
      out.println("drain_s " + fmt((System.nanoTime() - w0) / 1e9));
    } catch (Exception | Error e) {
      failure = e;
      throw e;
    } finally {
      // A cleanup that fails too must not hide why the measurement failed.
      try {
        PgTestDatabase.join(engine.undeploy());
        PgTestDatabase.join(journal.close());
        PgTestDatabase.join(vertx.close());
        server.drop(db);
      } catch (RuntimeException cleanup) {
        if (failure == null) {
          throw cleanup;
        }
        failure.addSuppressed(cleanup);
      }
    }
  }

  private static Histogram pace(
      Vertx vertx, IntFunction<Future<?>> call, int total, int concurrency) {
    try {
      return new Pacer(vertx, call, total, concurrency)
          .run()
          .toCompletionStage()
          .toCompletableFuture()
          .get(1, TimeUnit.HOURS);
    } catch (Exception e) {
      throw new IllegalStateException("the runs did not all start or wake", e);
    }
  }

  private static double hosted(SimpleMeterRegistry meters) {
    var gauge = meters.find("continuum.runs.hosted").gauge();
    return gauge == null ? 0 : gauge.value();
  }

  // Two collections, so that what the first only marked is gone too.
  private static long usedHeapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
