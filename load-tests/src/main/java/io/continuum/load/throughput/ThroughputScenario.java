package io.continuum.load.throughput;

import io.continuum.load.Options;
import io.continuum.load.Scenario;
import io.continuum.load.UsageException;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.pg.testing.PgTestDatabase;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * {@code load-tests/run throughput}: N one-activity workflows, C in flight, through a real engine
 * on the Postgres at {@code CONTINUUM_PG_URL} (else the test fixture's), after a warm-up. Commits
 * are counted from {@code pg_stat_database.xact_commit} of the run's own database; the measured
 * engine's pool is closed before the final reading so every backend has flushed its statistics.
 *
 * <pre>{@code
 * $ CONTINUUM_PG_URL=postgresql://postgres@127.0.0.1:55432/postgres load-tests/run throughput --concurrency 16
 * workflows_per_s 1234.5
 * steps_per_s 3703.5
 * commits_per_workflow 2.01
 * latency_p50_ms 11.2
 * latency_p99_ms 31.0
 * }</pre>
 */
public final class ThroughputScenario implements Scenario {

  @Override
  public String name() {
    return "throughput";
  }

  @Override
  public String summary() {
    return "one-activity workflows on Postgres: workflows/s, steps/s, commits per workflow, latency";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("concurrency", "C", "16", "workflows in flight"),
        new Option("workflows", "N", "20000", "measured workflows"),
        new Option("warmup", "N", "40000", "workflows run (and discarded) first, to warm the JIT"),
        new Option(
            "warmup-concurrency",
            "C",
            "16",
            "workflows in flight during the warm-up (more: faster)"),
        new Option("pool", "N", "0", "journal connections (0: the journal's default)"),
        new Option("batch-slots", "N", "2", "group-commit statements in flight"),
        new Option("hosts", "N", "0", "run-host verticles (0: one per event loop)"),
        new Option("activity", "blocking|async", "blocking", "the activity's kind"));
  }

  @Override
  public void run(Options options, PrintStream out) throws Exception {
    int concurrency = options.intValue("concurrency", 1);
    int workflows = options.intValue("workflows", 1);
    int warmup = options.intValue("warmup", 0);
    int warmupConcurrency = options.intValue("warmup-concurrency", 1);
    int pool = options.intValue("pool", 0);
    int slots = options.intValue("batch-slots", 1);
    int hosts = options.intValue("hosts", 0);
    String activity = options.value("activity");
    if (!activity.equals("blocking") && !activity.equals("async")) {
      throw new UsageException("--activity takes blocking or async, got '" + activity + "'");
    }
    PgTestDatabase server = PgTestDatabase.shared();
    PgConnectOptions db = server.newDatabase();
    System.err.println(
        "throughput: database "
            + db.getDatabase()
            + " on "
            + server.source()
            + " ("
            + db.getHost()
            + ":"
            + db.getPort()
            + ")");
    Vertx vertx = Vertx.vertx();
    try {
      PgJournalOptions journalOptions = journalOptions(pool, slots);
      if (warmup > 0) {
        measure(vertx, server, db, journalOptions, hosts, activity, warmup, warmupConcurrency);
      }
      Measured m =
          measure(vertx, server, db, journalOptions, hosts, activity, workflows, concurrency);
      double perSecond = workflows / m.seconds();
      out.println("workflows_per_s " + fmt(perSecond));
      out.println("steps_per_s " + fmt(perSecond * 3));
      out.println("commits_per_workflow " + fmt(m.commits() / (double) workflows));
      out.println("latency_p50_ms " + fmt(m.latency().getValueAtPercentile(50) / 1000.0));
      out.println("latency_p99_ms " + fmt(m.latency().getValueAtPercentile(99) / 1000.0));
    } finally {
      PgTestDatabase.join(vertx.close());
      server.drop(db);
    }
  }

  /** A measured phase: its latencies, its duration and the commits it made. */
  private record Measured(Histogram latency, double seconds, long commits) {}

  /**
   * One engine on a fresh journal, closed again afterwards so its backends flush their statistics.
   * Before the clock starts, a few workflows at the pool's width open every connection and prepare
   * every statement on it (a one-off cost a running node has long paid); their commits, a few
   * dozen, may still be counted, which only makes commits_per_workflow look worse.
   */
  private static Measured measure(
      Vertx vertx,
      PgTestDatabase server,
      PgConnectOptions db,
      PgJournalOptions journalOptions,
      int hosts,
      String activity,
      int total,
      int concurrency)
      throws Exception {
    PgJournal journal = PgTestDatabase.join(PgJournal.create(vertx, db, journalOptions));
    Engine engine =
        Engine.builder()
            .journal(journal)
            .workflow(OneActivity.class)
            .workflow(OneActivity.Async.class)
            .activity(new OneActivity.Echo())
            .activity(new OneActivity.AsyncEcho())
            .options(EngineOptions.defaults().withNodeId("bench").withHostInstances(hosts))
            .build();
    PgTestDatabase.join(engine.deploy(vertx));
    var workflow = activity.equals("async") ? OneActivity.Async.class : OneActivity.class;
    Histogram latency;
    double seconds;
    long before;
    try {
      int width = journalOptions.poolSize();
      drive(new Driver(vertx, engine.client(), workflow, 4 * width, width));
      before = Commits.read(server, db);
      long t0 = System.nanoTime();
      latency = drive(new Driver(vertx, engine.client(), workflow, total, concurrency));
      seconds = (System.nanoTime() - t0) / 1e9;
    } finally {
      PgTestDatabase.join(engine.undeploy());
      PgTestDatabase.join(journal.close());
    }
    return new Measured(latency, seconds, Commits.read(server, db) - before);
  }

  private static Histogram drive(Driver driver) {
    try {
      return driver
          .run()
          .toCompletionStage()
          .toCompletableFuture()
          .get(1, java.util.concurrent.TimeUnit.HOURS);
    } catch (Exception e) {
      throw new IllegalStateException("the measured workflows did not all finish", e);
    }
  }

  private static PgJournalOptions journalOptions(int pool, int slots) throws UsageException {
    PgJournalOptions o = PgJournalOptions.defaults();
    o = pool > 0 ? o.withPoolSize(pool) : o;
    if (slots > o.poolSize()) {
      throw new UsageException(
          "--batch-slots must not exceed the pool size (" + o.poolSize() + ")");
    }
    return o.withBatchSlots(slots);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
