package io.continuum.load.observer;

import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.http.ApiKeys;
import io.continuum.http.HttpApiOptions;
import io.continuum.http.HttpApiVerticle;
import io.continuum.http.Role;
import io.continuum.load.Options;
import io.continuum.load.Scenario;
import io.continuum.observer.ObserverOptions;
import io.continuum.observer.ObserverUi;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.pg.testing.PgTestDatabase;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * {@code load-tests/run observer}: how fast the web observer renders with a big table. It fills
 * {@code continuum_runs} with N runs (a million by default: 70 % completed, 20 % suspended, 10 %
 * failed, one of 1,000 customers each as a search attribute, created over 30 days) and gives one
 * run a history of about 10,000 events, then requests each page many times through a logged-in
 * session, one request at a time, and prints the latencies the server answered in.
 *
 * <pre>{@code
 * $ load-tests/run observer --runs 1000000
 * observer_runs 1000000
 * index_p50_ms 2.30
 * index_p99_ms 25.10
 * filtered_p99_ms 30.00
 * run_page_events 10001
 * run_page_p99_ms 120.00
 * }</pre>
 */
public final class ObserverScenario implements Scenario {
  private static final String CHATTY = "chatty-1";

  /** Waits for "tick" signals until one says "stop": two events per signal. */
  @WorkflowType("bench.chatty")
  public static final class Chatty implements Workflow<String, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, String in) {
      int n = 0;
      while (!"stop".equals(ctx.awaitSignal("tick", String.class))) {
        n++;
      }
      return n;
    }
  }

  @Override
  public String name() {
    return "observer";
  }

  @Override
  public String summary() {
    return "web observer pages over a big runs table: index, filtered index, a 10k-event run";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("runs", "N", "1000000", "runs in the table"),
        new Option("events", "N", "10000", "events in the long run's history (about)"),
        new Option("requests", "N", "300", "measured requests per page"),
        new Option("warmup", "N", "50", "requests per page first, not measured"));
  }

  @Override
  public void run(Options options, PrintStream out) throws Exception {
    int runs = options.intValue("runs", 1);
    int events = options.intValue("events", 3);
    int requests = options.intValue("requests", 1);
    int warmup = options.intValue("warmup", 0);
    PgTestDatabase server = PgTestDatabase.shared();
    PgConnectOptions db = server.newDatabase();
    Vertx vertx = Vertx.vertx();
    try {
      fill(vertx, db, runs);
      var admin = ApiKeys.generate(Role.ADMIN, Set.of("*"));
      var keys = ApiKeys.of(List.of(admin.key()));
      PgJournal journal =
          PgTestDatabase.join(PgJournal.create(vertx, db, PgJournalOptions.defaults()));
      Engine engine =
          Engine.builder()
              .journal(journal)
              .workflow(Chatty.class)
              .options(EngineOptions.defaults().withNodeId("observer-bench"))
              .build();
      PgTestDatabase.join(engine.deploy(vertx));
      long chattyEvents = chatty(engine, events);
      var api =
          new HttpApiVerticle(
              engine,
              HttpApiOptions.defaults().withHost("127.0.0.1").withPort(0).withApiKeys(keys),
              List.of(
                  ObserverUi.create(
                      engine,
                      ObserverOptions.defaults().withApiKeys(keys).withSecureCookies(false))));
      PgTestDatabase.join(vertx.deployVerticle(api));
      String base = "http://127.0.0.1:" + api.actualPort();
      HttpClient http = HttpClient.newHttpClient();
      String cookie = login(http, base, admin.plainText());

      String index = base + "/ui/namespaces/default/runs";
      String filtered =
          index
              + "?state=suspended&attr="
              + URLEncoder.encode("customer=c-7", StandardCharsets.UTF_8);
      String runPage = index + "/" + CHATTY;
      out.println("observer_runs " + runs);
      report(out, "index", measure(http, cookie, index, warmup, requests));
      report(out, "filtered", measure(http, cookie, filtered, warmup, requests));
      // The counts by state load as a fragment of their own, recounted at most every 10 s.
      report(out, "counts", measure(http, cookie, index + "/counts", warmup, requests));
      out.println("run_page_events " + chattyEvents);
      report(out, "run_page", measure(http, cookie, runPage, warmup, requests));
      PgTestDatabase.join(engine.undeploy());
      PgTestDatabase.join(journal.close());
    } finally {
      PgTestDatabase.join(vertx.close());
      server.drop(db);
    }
  }

  /** Inserts the runs in one statement per 100,000, then analyzes the table. */
  private static void fill(Vertx vertx, PgConnectOptions db, int runs) {
    Pool pool = PgBuilder.pool().connectingTo(db).using(vertx).build();
    try {
      long t0 = System.nanoTime();
      for (int from = 0; from < runs; from += 100_000) {
        int to = Math.min(runs, from + 100_000);
        PgTestDatabase.join(
            pool.preparedQuery(
                    """
                    INSERT INTO continuum_runs (id, workflow_type, namespace, state, last_seq,
                      input_hash, attributes, created_at, updated_at)
                    SELECT 'bench-' || lpad(i::text, 8, '0'), 'bench.filled', 'default',
                      CASE WHEN i % 10 < 7 THEN 'completed' WHEN i % 10 < 9 THEN 'suspended'
                           ELSE 'failed' END,
                      4, 'h', jsonb_build_object('customer', 'c-' || (i % 1000)),
                      now() - make_interval(secs => ($2::int - i) * 2.592),
                      now() - make_interval(secs => ($2::int - i) * 2.592)
                    FROM generate_series($1::int, $2::int) AS i
                    """)
                .execute(Tuple.of(from + 1, to)));
      }
      PgTestDatabase.join(pool.query("VACUUM ANALYZE continuum_runs").execute());
      System.err.printf(
          Locale.ROOT, "observer: %d runs in %.1f s%n", runs, (System.nanoTime() - t0) / 1e9);
    } finally {
      PgTestDatabase.join(pool.close());
    }
  }

  /** Starts the chatty run and feeds it ticks until its history holds about {@code events}. */
  private static long chatty(Engine engine, int events) {
    var client = engine.client();
    PgTestDatabase.join(client.start(Chatty.class, "x", StartOptions.withId(CHATTY)));
    int ticks = Math.max(1, events / 2);
    long t0 = System.nanoTime();
    for (int i = 0; i < ticks; i++) {
      PgTestDatabase.join(client.signal(CHATTY, "tick", "t" + i));
    }
    long seq;
    do {
      seq = PgTestDatabase.join(client.getRun(CHATTY)).lastSeq();
    } while (seq < 2L * ticks && System.nanoTime() - t0 < Duration.ofMinutes(10).toNanos());
    System.err.printf(
        Locale.ROOT,
        "observer: %s has %d events (%.1f s)%n",
        CHATTY,
        seq,
        (System.nanoTime() - t0) / 1e9);
    return seq;
  }

  private static String login(HttpClient http, String base, String key) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "apiKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String setCookie =
        r.headers()
            .firstValue("Set-Cookie")
            .orElseThrow(() -> new IllegalStateException("login failed: " + r.statusCode()));
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static Histogram measure(
      HttpClient http, String cookie, String url, int warmup, int requests) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).GET().build();
    Histogram h = new Histogram(60_000_000L, 3);
    for (int i = 0; i < warmup + requests; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      long us = (System.nanoTime() - t0) / 1000;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
      }
      if (i >= warmup) {
        h.recordValue(us);
      }
    }
    return h;
  }

  private static void report(PrintStream out, String page, Histogram h) {
    out.println(page + "_p50_ms " + fmt(h.getValueAtPercentile(50) / 1000.0));
    out.println(page + "_p99_ms " + fmt(h.getValueAtPercentile(99) / 1000.0));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
