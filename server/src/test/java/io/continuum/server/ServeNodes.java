package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.ApiKeys;
import io.continuum.http.Role;
import io.continuum.pg.testing.PgTestDatabase;
import io.continuum.server.fixture.Ledger;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Real {@code continuum serve} processes on one fresh Postgres database, clustered on 127.0.0.1:
 * each node a JVM of its own ({@code java -cp <the test classpath> ... Main serve}), so a fault is
 * a real one — {@link Node#kill} is SIGKILL, {@link Node#pause} SIGSTOP, {@link Node#stop} SIGTERM.
 * The nodes run the {@link Ledger} workflows, whose activity records each execution in a table the
 * engine never reads; every node's output goes to {@code <dir>/<node>.log}.
 *
 * <pre>{@code
 * try (var nodes = new ServeNodes(dir, 3, false, Duration.ofSeconds(6))) {
 *   var a = nodes.start("a");
 *   var b = nodes.start("b");
 *   a.http().post("/runs", "{\"workflowType\":\"ledger.greet\",\"input\":\"hi\",\"id\":\"g-1\"}");
 *   a.kill();
 * }
 * }</pre>
 */
final class ServeNodes implements AutoCloseable {
  static final Duration START = Duration.ofSeconds(90);
  // What Hazelcast wants from the JDK on Java 9+ (the fat jar's manifest says the same).
  private static final List<String> HAZELCAST_FLAGS =
      List.of(
          "--add-modules",
          "java.se",
          "--add-exports",
          "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.lang=ALL-UNNAMED",
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens",
          "java.management/sun.management=ALL-UNNAMED",
          "--add-opens",
          "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  final PgConnectOptions db = PgTestDatabase.shared().newDatabase();
  private final Path dir;
  private final String apiKey;
  private final String cluster = "continuum-test-" + UUID.randomUUID();
  private final List<Integer> ports = new ArrayList<>();
  private final boolean listen;
  private final Duration leaseTtl;
  private final List<Node> nodes = new ArrayList<>();

  /** A serve process. */
  final class Node {
    final String id;
    final Process process;
    final Path log;
    private Http http;

    Node(String id, Process process, Path log) {
      this.id = id;
      this.process = process;
      this.log = log;
    }

    /** The REST API as the harness's writer key. */
    Http http() {
      return http;
    }

    long pid() {
      return process.pid();
    }

    /** Whether the journal names this node as the holder of the run's lease. */
    boolean owns(String runId) {
      String owner = query("SELECT lease_owner FROM continuum_runs WHERE id = ?", runId);
      return owner != null && owner.startsWith(id + "/");
    }

    /** SIGKILL: the process dies at once, releasing nothing. */
    void kill() {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(30));
    }

    /** SIGSTOP: the process freezes (its leases keep their expiry, its sockets stay open). */
    void pause() {
      signal("STOP");
      awaitTrue(Duration.ofSeconds(10), "node " + id + " stopped", () -> procState() == 'T');
    }

    /** SIGCONT. */
    void resume() {
      signal("CONT");
      awaitTrue(Duration.ofSeconds(10), "node " + id + " running", () -> procState() != 'T');
    }

    /** SIGTERM: a graceful stop; returns the exit code. */
    int stop() {
      process.destroy();
      return waitFor(Duration.ofSeconds(60));
    }

    private int waitFor(Duration bound) {
      try {
        assertThat(process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS))
            .as("node %s exits within %s", id, bound)
            .isTrue();
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private void signal(String name) {
      try {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %s", name, pid()).isZero();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    // The process's state letter in /proc (T: stopped), the evidence that a signal took effect.
    private char procState() {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
      } catch (IOException e) {
        return 'X';
      }
    }
  }

  /**
   * Room for {@code size} members; {@code listen} turns LISTEN/NOTIFY on; run and activity task
   * leases last {@code leaseTtl} (null: the defaults, 30 s).
   */
  ServeNodes(Path dir, int size, boolean listen, Duration leaseTtl) {
    this.dir = dir;
    this.listen = listen;
    this.leaseTtl = leaseTtl;
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
    }
    var made = ApiKeys.generate(Role.ADMIN, Set.of("*"));
    try {
      ApiKeys.of(List.of(made.key())).write(dir.resolve("keys.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    apiKey = made.plainText();
    try (Connection c = jdbc()) {
      c.createStatement().execute(Ledger.DDL);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts the next member, named {@code id}, and waits until its REST API answers. */
  Node start(String id) {
    int index = nodes.size();
    String members =
        ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(", ", "[", "]"));
    String config =
        String.join(
            "\n",
            "port: 0",
            "host: 127.0.0.1",
            "nodeId: " + id,
            "apiKeysFile: keys.json",
            "examples: false",
            "workflows: [" + Ledger.Pay.class.getName() + ", " + Ledger.Greet.class.getName() + "]",
            "activities: [" + Ledger.Record.class.getName() + "]",
            "pg: {url: '" + TestDatabases.url(db) + "', poolSize: 4, listen: " + listen + "}",
            "engine: {idleRelease: 0s, forwardTimeout: 1s"
                + (leaseTtl == null
                    ? ""
                    : ", leaseTtl: "
                        + leaseTtl.toMillis()
                        + "ms, taskLeaseTtl: "
                        + leaseTtl.toMillis()
                        + "ms")
                + "}",
            "cluster: {name: "
                + cluster
                + ", host: 127.0.0.1, port: "
                + ports.get(index)
                + ", members: "
                + members
                + "}",
            "");
    Path file = dir.resolve(id + ".yaml");
    Path log = dir.resolve(id + ".log");
    try {
      Files.writeString(file, config);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      var command = new ArrayList<String>();
      command.add(java);
      command.add("-Xmx256m");
      command.add("-XX:+UseSerialGC");
      command.addAll(HAZELCAST_FLAGS);
      command.addAll(
          List.of(
              "-Dhazelcast.logging.type=none",
              "-cp",
              System.getProperty("java.class.path"),
              Main.class.getName(),
              "serve",
              "--config",
              file.toString()));
      var builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("LEDGER_JDBC_URL", jdbcUrl());
      builder.environment().put("LEDGER_USER", db.getUser());
      builder
          .environment()
          .put("LEDGER_PASSWORD", db.getPassword() == null ? "" : db.getPassword());
      builder.environment().put("CONTINUUM_NODE_ID", id);
      Node node = new Node(id, builder.start(), log);
      nodes.add(node);
      awaitTrue(START, "node " + id + " serves (see " + log + ")", () -> apiLine(node) != null);
      node.http = new Http(apiLine(node), apiKey);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String apiLine(Node node) {
    try {
      if (!node.process.isAlive()) {
        throw new IllegalStateException(
            "node " + node.id + " exited: " + Files.readString(node.log));
      }
      return Files.readAllLines(node.log).stream()
          .filter(l -> l.startsWith("api: "))
          .map(l -> l.substring("api: ".length()).trim())
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  /** Runs a one-value query on the database (the test's own connection, not the engine's). */
  String query(String sql, Object... args) {
    try (Connection c = jdbc();
        var statement = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      try (var rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  long count(String sql, Object... args) {
    String value = query(sql, args);
    return value == null ? 0 : Long.parseLong(value);
  }

  private Connection jdbc() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), db.getUser(), db.getPassword());
  }

  private String jdbcUrl() {
    return "jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
  }

  /** Waits until {@code condition} holds, polling every 50 ms, failing after {@code bound}. */
  static void awaitTrue(Duration bound, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s within %s", what, bound).isLessThan(deadline);
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      if (n.process.isAlive()) {
        n.process.destroyForcibly(); // SIGKILL ends a stopped process too
      }
    }
    for (Node n : nodes) {
      try {
        n.process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    PgTestDatabase.shared().drop(db);
  }
}
