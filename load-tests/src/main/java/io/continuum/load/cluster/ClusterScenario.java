package io.continuum.load.cluster;

import io.continuum.load.Options;
import io.continuum.load.Scenario;
import io.continuum.load.UsageException;
import io.continuum.load.throughput.Commits;
import io.continuum.load.throughput.Driver;
import io.continuum.load.throughput.OneActivity;
import io.continuum.pg.PgJournalOptions;
import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Context;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * {@code load-tests/run cluster}: N engine nodes in this JVM, each its own clustered Vert.x
 * (Hazelcast on loopback ports, one cluster name per run), journal (own pool, LISTEN on) and
 * engine, all on one Postgres ({@code CONTINUUM_PG_URL}, else the test fixture's). It measures, in
 * one sitting:
 *
 * <ul>
 *   <li>the raw durable-commit limit of that Postgres ({@code pg-step-limit.sh}, before any node
 *       starts);
 *   <li>one-activity workflow throughput with 1 node, then 2, ... N (each added node started only
 *       for its own measurement and those after it), C in flight, started round-robin through the
 *       running nodes' clients;
 *   <li>signal-to-wake latency with all N running, one sample at a time: a run waits on its owner,
 *       and is signalled through the owner's own client (local) or another node's (remote), see
 *       {@link SignalLatency}.
 * </ul>
 *
 * <pre>{@code
 * $ CONTINUUM_PG_URL=postgresql://postgres@127.0.0.1:55432/postgres load-tests/run cluster --nodes 3
 * step_limit_per_s 5591.50
 * wf_per_s_nodes_1 2339.91
 * wf_per_s_nodes_2 1424.58
 * wf_per_s_nodes_3 986.65
 * wf_per_s_nodes_3_ratio 0.42
 * local_signal_p50_ms 2.59
 * local_signal_p99_ms 5.72
 * remote_signal_p50_ms 5.74
 * remote_signal_p99_ms 9.80
 * remote_signal_p50_ratio 2.21
 * }</pre>
 */
public final class ClusterScenario implements Scenario {

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public String summary() {
    return "N clustered nodes in one JVM on one Postgres: workflows/s with 1..N nodes, local and"
        + " remote signal-to-wake latency";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("nodes", "N", "3", "engine nodes (at least 2)"),
        new Option("concurrency", "C", "16", "workflows in flight"),
        new Option("workflows", "N", "10000", "measured workflows per node count"),
        new Option(
            "warmup",
            "N",
            "40000",
            "workflows run (and discarded) on the first node before its measurement (the JIT)"),
        new Option(
            "node-warmup",
            "N",
            "20000",
            "workflows run (and discarded) before each later measurement, once its node joined"),
        new Option("signals", "N", "200", "signal latency samples, local and remote each"),
        new Option(
            "signal-warmup", "N", "50", "signal samples of each kind run (and discarded) first"),
        new Option("pool", "N", "0", "journal connections per node (0: the journal's default)"),
        new Option(
            "step-limit-seconds",
            "S",
            "10",
            "seconds per point of pg-step-limit.sh (0: skip, no step_limit_per_s)"),
        new Option(
            "step-limit-script",
            "PATH",
            "../shared/bench/pg-step-limit.sh",
            "the step-limit script, relative to the repository root"));
  }

  @Override
  public void run(Options options, PrintStream out) throws Exception {
    int nodes = options.intValue("nodes", 2);
    int concurrency = options.intValue("concurrency", 1);
    int workflows = options.intValue("workflows", 1);
    int warmup = options.intValue("warmup", 0);
    int nodeWarmup = options.intValue("node-warmup", 0);
    int signals = options.intValue("signals", 1);
    int signalWarmup = options.intValue("signal-warmup", 0);
    int pool = options.intValue("pool", 0);
    int stepLimitSeconds = options.intValue("step-limit-seconds", 0);
    if (nodes > 16) {
      throw new UsageException("--nodes is at most 16 (they share this JVM)");
    }
    Path script =
        Path.of(System.getProperty("continuum.load.root", "."))
            .resolve(options.value("step-limit-script"))
            .normalize();
    if (stepLimitSeconds > 0 && !Files.isExecutable(script)) {
      throw new UsageException(
          "no executable step-limit script at " + script + " (--step-limit-seconds 0 skips it)");
    }
    PgJournalOptions journalOptions =
        pool > 0 ? PgJournalOptions.defaults().withPoolSize(pool) : PgJournalOptions.defaults();

    PgTestDatabase server = PgTestDatabase.shared();
    PgConnectOptions db = server.newDatabase();
    System.err.println(
        "cluster: database "
            + db.getDatabase()
            + " on "
            + server.source()
            + " ("
            + db.getHost()
            + ":"
            + db.getPort()
            + "); "
            + Runtime.getRuntime().availableProcessors()
            + " processors, max heap "
            + Runtime.getRuntime().maxMemory() / (1024 * 1024)
            + " MB, "
            + ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(gc -> gc.getName())
                .toList());
    String cluster = "continuum-bench-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> ports = freePorts(nodes);
    List<Node> running = new ArrayList<>();
    Throwable failure = null;
    try {
      // The raw limit first, while nothing else runs in this JVM.
      if (stepLimitSeconds > 0) {
        System.err.println("cluster: measuring the step limit (" + script + ")");
        Map<String, Double> limit = StepLimit.measure(script, pgUrl(server), stepLimitSeconds);
        Double c16 = limit.get("step_tps_c16");
        if (c16 == null) {
          throw new IllegalStateException(script + " printed no step_tps_c16: " + limit);
        }
        out.println("step_limit_per_s " + fmt(c16));
      }

      double first = 0;
      double last = 0;
      for (int k = 1; k <= nodes; k++) {
        running.add(
            Node.start(
                "bench-" + k, cluster, ports.get(k - 1), ports.subList(0, k), db, journalOptions));
        awaitMembers(running);
        System.err.println("cluster: " + k + " node(s) up in cluster " + cluster);
        List<io.continuum.Continuum> clients = running.stream().map(Node::client).toList();
        // The first warm-up is the JIT's; every added node brings paths (the cluster's) that only
        // run once there are several, and they need theirs too.
        int warm = k == 1 ? warmup : nodeWarmup;
        if (warm > 0) {
          System.err.println("cluster: warm-up, " + warm + " workflows on " + k + " node(s)");
          drive(running, clients, warm, concurrency, "the warm-up workflows on " + k + " node(s)");
        }
        // Every new pool opens its connections and prepares its statements before the clock.
        int width = journalOptions.poolSize() * k;
        drive(running, clients, 4 * width, width, "the priming workflows");
        long commitsBefore = Commits.read(server, db);
        CpuUsage before = CpuUsage.read();
        long t0 = System.nanoTime();
        Histogram latency =
            drive(
                running,
                clients,
                workflows,
                concurrency,
                "the measured workflows on " + k + " node(s)");
        double perSecond = workflows / ((System.nanoTime() - t0) / 1e9);
        System.err.println(
            "cluster: "
                + k
                + " node(s): "
                + fmt(perSecond)
                + " workflows/s, latency p50 "
                + fmt(latency.getValueAtPercentile(50) / 1000.0)
                + " ms, p99 "
                + fmt(latency.getValueAtPercentile(99) / 1000.0)
                + " ms; cpu "
                + CpuUsage.read().since(before));
        out.println("wf_per_s_nodes_" + k + " " + fmt(perSecond));
        // Approximate: the pools stay open, and a backend idle at the end flushes its statistics
        // only within 10 s; the phase's workflows are thousands, the stragglers a few dozen.
        System.err.println(
            "cluster: "
                + k
                + " node(s): about "
                + fmt((Commits.read(server, db) - commitsBefore) / (double) workflows)
                + " commits per workflow (pg_stat_database.xact_commit: every statement of the"
                + " nodes, notices and polls included)");
        first = k == 1 ? perSecond : first;
        last = perSecond;
      }
      out.println("wf_per_s_nodes_" + nodes + "_ratio " + fmt(last / first));

      measureSignals(server, db, running, signals, signalWarmup, out);
    } catch (Exception | Error e) {
      failure = e;
      throw e;
    } finally {
      // Every node is closed, and the database dropped, even when one of them fails to close; a
      // cleanup failure does not hide why the measurement failed.
      List<RuntimeException> cleanup = new ArrayList<>();
      for (int i = running.size() - 1; i >= 0; i--) {
        try {
          running.get(i).close();
        } catch (RuntimeException e) {
          cleanup.add(e);
        }
      }
      try {
        server.drop(db);
      } catch (RuntimeException e) {
        cleanup.add(e);
      }
      if (!cleanup.isEmpty()) {
        if (failure != null) {
          cleanup.forEach(failure::addSuppressed);
        } else {
          RuntimeException first = cleanup.get(0);
          cleanup.subList(1, cleanup.size()).forEach(first::addSuppressed);
          throw first;
        }
      }
      System.err.println("cluster: " + running.size() + " node(s) closed");
    }
  }

  /**
   * Interleaved samples, one at a time: for sample i the owner is node {@code i % N}, the remote
   * signaller the next node; the local and the remote sample alternate which goes first.
   */
  private static void measureSignals(
      PgTestDatabase server,
      PgConnectOptions db,
      List<Node> running,
      int signals,
      int warmup,
      PrintStream out)
      throws Exception {
    int n = running.size();
    List<Context> contexts =
        running.stream().map(node -> node.vertx().getOrCreateContext()).toList();
    Histogram local = new Histogram(3_600_000_000L, 3);
    Histogram remote = new Histogram(3_600_000_000L, 3);
    System.err.println(
        "cluster: signal latency, "
            + warmup
            + " + "
            + signals
            + " samples each, local and remote, one at a time");
    CpuUsage before = CpuUsage.read();
    try (var latency = new SignalLatency(server.connect(db))) {
      for (int i = 0; i < warmup + signals; i++) {
        int a = i % n;
        int b = (a + 1) % n;
        Node owner = running.get(a);
        for (int turn = 0; turn < 2; turn++) {
          boolean viaOwner = (turn == 0) == (i % 2 == 0);
          int via = viaOwner ? a : b;
          long micros =
              latency.sample(
                  owner,
                  running.get(via),
                  contexts.get(via),
                  "sig-" + (viaOwner ? "local-" : "remote-") + i,
                  i);
          if (i >= warmup) {
            (viaOwner ? local : remote).recordValue(micros);
          }
        }
      }
    }
    System.err.println("cluster: signal phase cpu " + CpuUsage.read().since(before));
    double localP50 = local.getValueAtPercentile(50) / 1000.0;
    double remoteP50 = remote.getValueAtPercentile(50) / 1000.0;
    out.println("local_signal_p50_ms " + fmt(localP50));
    out.println("local_signal_p99_ms " + fmt(local.getValueAtPercentile(99) / 1000.0));
    out.println("remote_signal_p50_ms " + fmt(remoteP50));
    out.println("remote_signal_p99_ms " + fmt(remote.getValueAtPercentile(99) / 1000.0));
    out.println("remote_signal_p50_ratio " + fmt(remoteP50 / localP50));
  }

  private static Histogram drive(
      List<Node> running,
      List<io.continuum.Continuum> clients,
      int total,
      int concurrency,
      String what) {
    Duration bound = Duration.ofSeconds(60 + total / 50);
    return Bounded.await(
        new Driver(running.get(0).vertx(), clients, OneActivity.class, total, concurrency).run(),
        bound,
        what + " (" + total + ", " + concurrency + " in flight) to finish");
  }

  // Every running node sees all of them: the cluster is whole before it is measured.
  private static void awaitMembers(List<Node> running) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<Integer> seen = running.stream().map(Node::members).toList();
      if (seen.stream().allMatch(m -> m == running.size())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after 30 s waiting for "
                + running.size()
                + " nodes to see each other (members seen per node: "
                + seen
                + ")");
      }
      Thread.sleep(50);
    }
  }

  private static String pgUrl(PgTestDatabase server) {
    String url = System.getenv("CONTINUUM_PG_URL");
    if (url != null && !url.isBlank()) {
      return url;
    }
    PgConnectOptions admin = server.options("postgres");
    String password =
        admin.getPassword() == null || admin.getPassword().isEmpty()
            ? ""
            : ":" + URLEncoder.encode(admin.getPassword(), StandardCharsets.UTF_8);
    return "postgresql://"
        + URLEncoder.encode(admin.getUser(), StandardCharsets.UTF_8)
        + password
        + "@"
        + admin.getHost()
        + ":"
        + admin.getPort()
        + "/postgres";
  }

  private static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return held.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
