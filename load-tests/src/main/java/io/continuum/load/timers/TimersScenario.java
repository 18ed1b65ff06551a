package io.continuum.load.timers;

import io.continuum.StartOptions;
import io.continuum.load.Options;
import io.continuum.load.Scenario;
import io.continuum.load.UsageException;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.pg.testing.PgTestDatabase;
import io.continuum.runtime.Addresses;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code load-tests/run timers}: a million pending timers cost a node (almost) nothing at rest, and
 * bursts of timers due at one instant fire on time. On the Postgres at {@code CONTINUUM_PG_URL}
 * (else the test fixture's), in a fresh database:
 *
 * <ol>
 *   <li>{@code --timers} background timers are inserted with SQL (one {@code suspended}, unleased
 *       run each, with nothing in its inbox, so nothing claims it), due evenly from ten minutes to
 *       seven days from now: none comes due while the scenario runs. {@code timers_pending} counts
 *       the unfired timers in the table.
 *   <li>One engine starts (a {@link SleepUntil} workflow registered). After a few seconds of
 *       settling, the database's committed transactions ({@code pg_stat_database.xact_commit}) are
 *       read before and after a quiet {@code --window}: {@code idle_queries_per_s} is their rate,
 *       less the one read of the statistics that falls inside the window. Nothing else uses the
 *       database, so this is the node's standing cost with a million timers pending; the journal
 *       calls behind it, by operation, go to stderr.
 *   <li>{@code --bursts} bursts of {@code --burst} runs each are started; every run of burst k
 *       sleeps until the instant T0 + k × {@code --gap} (journal time, T0 far enough ahead that
 *       every start is done before it), so a burst's timers all come due at one instant.
 * </ol>
 *
 * <p><b>Lag</b> ({@code timer_lag_p50_ms}, {@code timer_lag_p99_ms}, {@code timer_lag_max_ms}), for
 * each burst timer: the journal clock (the engine's estimate of {@code continuum_now()}) at the
 * moment the {@code fireTimers} statement that fired it had committed and answered, minus the
 * timer's due time. It covers the wheel's alarm, the batching and the statement with its commit;
 * not the run's wake-up step after it. {@code burst_completed_s}: the longest time, over the
 * bursts, from a burst's due instant until every run of that burst completed (its wake-up step,
 * which ends the run, committed and published on {@code continuum.runs.finished}).
 *
 * <pre>{@code
 * $ CONTINUUM_PG_URL=postgresql://postgres@127.0.0.1:55432/postgres load-tests/run timers
 * timers_pending 1000000
 * idle_queries_per_s 0.37
 * timer_lag_p50_ms 41.20
 * timer_lag_p99_ms 95.10
 * timer_lag_max_ms 97.30
 * burst_completed_s 4.20
 * }</pre>
 */
public final class TimersScenario implements Scenario {
  private static final String BURST = "burst-";

  @Override
  public String name() {
    return "timers";
  }

  @Override
  public String summary() {
    return "a million pending timers: their cost at rest, then how late bursts of timers due at"
        + " one instant fire";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("timers", "N", "1000000", "background timers pending (due over a week)"),
        new Option("burst", "N", "10000", "runs (timers) per burst, due at one instant"),
        new Option("bursts", "K", "3", "bursts"),
        new Option("gap", "S", "5", "seconds between bursts"),
        new Option("window", "S", "30", "seconds of rest measured"),
        new Option("lead", "S", "0", "seconds to the first burst (0: 20 + runs / 1,000)"),
        new Option("concurrency", "C", "64", "starts in flight"));
  }

  @Override
  public void run(Options options, PrintStream out) throws Exception {
    int timers = options.intValue("timers", 0);
    int burst = options.intValue("burst", 1);
    int bursts = options.intValue("bursts", 1);
    int gap = options.intValue("gap", 0);
    int window = options.intValue("window", 1);
    int concurrency = options.intValue("concurrency", 1);
    int runs = burst * bursts;
    int lead = options.intValue("lead", 0);
    if (lead == 0) {
      lead = 20 + runs / 1_000;
    }
    if (timers > 50_000_000 || runs > 1_000_000) {
      throw new UsageException("at most 50,000,000 timers and 1,000,000 burst runs");
    }
    PgTestDatabase server = PgTestDatabase.shared();
    PgConnectOptions db = server.newDatabase();
    log("database " + db.getDatabase() + " on " + server.source());
    try (Connection sql = server.connect(db)) {
      long t0 = System.nanoTime();
      insertBackground(sql, timers);
      log(String.format(Locale.ROOT, "%,d timers inserted in %.1f s", timers, secondsSince(t0)));
      out.println("timers_pending " + pendingTimers(sql));
    }

    Vertx vertx = Vertx.vertx();
    PgJournal journal =
        PgTestDatabase.join(PgJournal.create(vertx, db, PgJournalOptions.defaults()));
    FireLag lag = new FireLag(journal, BURST);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Engine engine =
        Engine.builder()
            .journal(lag.journal())
            .workflow(SleepUntil.class)
            .meterRegistry(meters)
            .options(EngineOptions.defaults().withNodeId("timers"))
            .build();
    Map<String, Long> finished = new ConcurrentHashMap<>();
    CountDownLatch allFinished = new CountDownLatch(runs);
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.RUNS_FINISHED,
            m -> {
              String id = m.body().getString("runId");
              if (id != null
                  && id.startsWith(BURST)
                  && finished.putIfAbsent(id, System.nanoTime()) == null) {
                allFinished.countDown();
              }
            });
    try {
      PgTestDatabase.join(engine.deploy(vertx));
      Thread.sleep(5_000); // boot work (recovery scans, first loads) and its statistics settle

      // ---- at rest ------------------------------------------------------------------------
      long c0 = commits(server, db);
      Map<String, Long> ops0 = journalCalls(meters);
      long w0 = System.nanoTime();
      log("resting " + window + " s with " + timers + " timers pending");
      Thread.sleep(window * 1_000L);
      Thread.sleep(1_500); // backends report their statistics about once a second
      long c1 = commits(server, db);
      double seconds = secondsSince(w0) - 1.5;
      Map<String, Long> ops1 = journalCalls(meters);
      out.println("idle_queries_per_s " + fmt((c1 - c0 - 1) / seconds));
      StringBuilder breakdown = new StringBuilder();
      long metered = 0;
      for (var e : ops1.entrySet()) {
        long n = e.getValue() - ops0.getOrDefault(e.getKey(), 0L);
        if (n > 0) {
          metered += n;
          breakdown.append(' ').append(e.getKey()).append('=').append(n);
        }
      }
      log(
          String.format(
              Locale.ROOT,
              "at rest over %.1f s: %d commits (one is the statistics read); journal calls:%s;"
                  + " other statements (LISTEN catch-up scans, NOTIFY, clock sync): %d",
              seconds,
              c1 - c0,
              breakdown.length() == 0 ? " none" : breakdown,
              Math.max(0, c1 - c0 - 1 - metered)));

      // ---- bursts -------------------------------------------------------------------------
      Instant firstDue = journal.clock().instant().plusSeconds(lead).truncatedTo(ChronoUnit.MILLIS);
      long nanoRef = System.nanoTime();
      Instant clockRef = journal.clock().instant();
      log(
          String.format(
              Locale.ROOT,
              "starting %,d runs; bursts of %,d due from %s, %d s apart",
              runs,
              burst,
              firstDue,
              gap));
      var client = engine.client();
      long s0 = System.nanoTime();
      List<Future<Void>> lanes = new ArrayList<>();
      for (int lane = 0; lane < Math.min(concurrency, runs); lane++) {
        lanes.add(
            startLane(
                lane,
                concurrency,
                runs,
                i -> {
                  int k = i / burst;
                  long due = firstDue.plusSeconds((long) k * gap).toEpochMilli();
                  return client
                      .start(SleepUntil.class, due, StartOptions.withId(BURST + k + "-" + i))
                      .mapEmpty();
                }));
      }
      PgTestDatabase.join(Future.all(lanes));
      log(String.format(Locale.ROOT, "%,d runs started in %.1f s", runs, secondsSince(s0)));
      if (!journal.clock().instant().isBefore(firstDue.minusSeconds(1))) {
        throw new IllegalStateException(
            "the starts ran into the first burst; give a longer --lead than " + lead);
      }
      if (!allFinished.await(lead + (long) bursts * gap + 600, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            (runs - finished.size()) + " burst runs did not complete within 10 minutes");
      }
      Histogram lags = lag.histogram();
      if (lags.getTotalCount() != runs) {
        log("lag measured for " + lags.getTotalCount() + " of " + runs + " timers");
      }
      out.println("timer_lag_p50_ms " + fmt(lags.getValueAtPercentile(50) / 1000.0));
      out.println("timer_lag_p99_ms " + fmt(lags.getValueAtPercentile(99) / 1000.0));
      out.println("timer_lag_max_ms " + fmt(lags.getMaxValue() / 1000.0));
      double worst = 0;
      for (int k = 0; k < bursts; k++) {
        Instant due = firstDue.plusSeconds((long) k * gap);
        long dueNanos = nanoRef + Duration.between(clockRef, due).toNanos();
        long last = Long.MIN_VALUE;
        for (var e : finished.entrySet()) {
          if (e.getKey().startsWith(BURST + k + "-")) {
            last = Math.max(last, e.getValue());
          }
        }
        double s = (last - dueNanos) / 1e9;
        log(String.format(Locale.ROOT, "burst %d completed %.2f s after its due instant", k, s));
        worst = Math.max(worst, s);
      }
      out.println("burst_completed_s " + fmt(worst));
    } finally {
      PgTestDatabase.join(engine.undeploy());
      PgTestDatabase.join(journal.close());
      PgTestDatabase.join(vertx.close());
      server.drop(db);
    }
  }

  /** Starts runs lane, lane + lanes, lane + 2 × lanes, ... one after the other. */
  private static Future<Void> startLane(
      int i, int lanes, int total, java.util.function.IntFunction<Future<Void>> start) {
    if (i >= total) {
      return Future.succeededFuture();
    }
    return start.apply(i).compose(v -> startLane(i + lanes, lanes, total, start));
  }

  private static void insertBackground(Connection sql, int timers) throws Exception {
    try (Statement s = sql.createStatement()) {
      s.execute(
          "INSERT INTO continuum_runs (id, workflow_type, state, last_seq, input_hash,"
              + " created_at, updated_at)"
              + " SELECT 'bg-' || g, 'load.timers.background', 'suspended', 2, 'bg', now(), now()"
              + " FROM generate_series(1, "
              + timers
              + ") g");
      s.execute(
          "INSERT INTO continuum_timers (run_id, command_seq, fire_at)"
              + " SELECT 'bg-' || g, 2, now() + interval '10 minutes'"
              + " + (g::float8 / "
              + Math.max(1, timers)
              + ") * (interval '7 days' - interval '10 minutes')"
              + " FROM generate_series(1, "
              + timers
              + ") g");
      s.execute("VACUUM ANALYZE continuum_runs");
      s.execute("VACUUM ANALYZE continuum_timers");
    }
  }

  private static long pendingTimers(Connection sql) throws Exception {
    try (Statement s = sql.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM continuum_timers WHERE fired_at IS NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Committed transactions of the database so far, read on a fresh connection (one commit). */
  private static long commits(PgTestDatabase server, PgConnectOptions db) throws Exception {
    try (Connection c = server.connect(db);
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, Long> journalCalls(SimpleMeterRegistry meters) {
    Map<String, Long> calls = new TreeMap<>();
    for (Timer t : meters.find("continuum.journal.latency").timers()) {
      calls.merge(t.getId().getTag("op"), t.count(), Long::sum);
    }
    return calls;
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static void log(String line) {
    System.err.println("timers: " + line);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
