package io.continuum.server;

import io.continuum.cluster.ClusterOptions;
import io.continuum.cluster.ContinuumCluster;
import io.continuum.http.ApiKeys;
import io.continuum.http.Role;
import io.continuum.runtime.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What {@code continuum dev} runs: a journal (embedded Postgres in a data directory that survives
 * restarts, a real Postgres, or memory), migrations, the engine with the example workflows, and the
 * REST API guarded by an admin key for every namespace. The key's plain text is kept in {@code
 * <dataDir>/dev-api-key}: made on the first start, read back on the next ones, made anew with
 * {@link DevOptions#newKey()}. With {@link DevOptions#cluster()}, two such nodes run in this
 * process, in a Hazelcast cluster on 127.0.0.1, on the same database, with the same key.
 *
 * <pre>{@code
 * try (DevServer dev = DevServer.start(
 *     new DevOptions(Path.of(".continuum-dev"), "127.0.0.1", 8080, 0, null, false))) {
 *   System.out.println(dev.apiBase() + "/v1  key " + dev.apiKey());
 * }
 * }</pre>
 */
public final class DevServer implements AutoCloseable {
  /** The file in the data directory that holds the dev API key. */
  public static final String KEY_FILE = "dev-api-key";

  /** The name of the cluster {@code dev --cluster} forms. */
  static final String CLUSTER_NAME = "continuum-dev";

  private static final long RELOAD_POLL_MS = 500;

  private final EmbeddedDatabase embedded;
  private final List<ServerAssembly> nodes;
  private final ServerAssembly server;
  private final String journalDescription;
  private final String apiKey;
  private final Path keyFile;
  private final boolean newKey;
  private final DataDirLock lock;
  private final DevCode code;
  private ScheduledExecutorService watcher;

  private DevServer(
      EmbeddedDatabase embedded,
      List<ServerAssembly> nodes,
      String journalDescription,
      String apiKey,
      Path keyFile,
      boolean newKey,
      DataDirLock lock,
      DevCode code) {
    this.embedded = embedded;
    this.nodes = nodes;
    this.server = nodes.get(0);
    this.journalDescription = journalDescription;
    this.apiKey = apiKey;
    this.keyFile = keyFile;
    this.newKey = newKey;
    this.lock = lock;
    this.code = code;
  }

  /** Starts everything; blocks until the API listens. On failure, stops what it started. */
  public static DevServer start(DevOptions options) {
    return start(options, message -> {});
  }

  /** Starts everything, telling {@code say} what it does on the way (a left-over Postgres). */
  public static DevServer start(DevOptions options, Consumer<String> say) {
    Path dataDir = options.dataDir().toAbsolutePath().normalize();
    createDirectories(dataDir);
    DataDirLock lock = DataDirLock.take(dataDir);
    try {
      return start(options, dataDir, lock, say);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static DevServer start(
      DevOptions options, Path dataDir, DataDirLock lock, Consumer<String> say) {
    EmbeddedDatabase embedded = null;
    JournalSettings journal;
    String description;
    if (options.inMemory()) {
      journal = new JournalSettings.InMemory();
      description = "in-memory";
    } else if (options.pgUrl() != null) {
      journal =
          new JournalSettings.Postgres(PgUrl.parse(options.pgUrl(), "--pg-url"), 0, true, true);
      description = "postgres " + PgUrl.redact(options.pgUrl());
    } else {
      embedded = EmbeddedDatabase.start(dataDir.resolve("pg"), options.pgPort(), say);
      // LISTEN with --cluster only: a node alone needs no notices from others
      journal = new JournalSettings.Postgres(embedded.connectOptions(), 0, true, options.cluster());
      description =
          "embedded Postgres postgresql://postgres@localhost:"
              + embedded.port()
              + "/"
              + EmbeddedDatabase.DATABASE
              + " (data in "
              + embedded.dataDir()
              + ")";
    }
    try {
      Path keyFile = dataDir.resolve(KEY_FILE);
      ApiKeys.Generated key = options.newKey() ? null : readKey(keyFile);
      boolean fresh = key == null;
      if (fresh) {
        key = ApiKeys.generate(Role.ADMIN, Set.of("*"));
      }
      DevCode code =
          options.classpath().isEmpty() ? null : new DevCode(dataDir, options.classpath());
      if (code != null) {
        code.start();
      }
      List<ServerAssembly> nodes =
          startNodes(
              options,
              journal,
              ApiKeys.of(List.of(key.key())),
              builder -> {
                if (code != null) {
                  code.register(builder);
                }
              });
      if (fresh) {
        try {
          writeKey(keyFile, key.plainText());
        } catch (RuntimeException e) {
          close(nodes);
          throw e;
        }
      }
      return new DevServer(
          embedded, nodes, description, key.plainText(), keyFile, fresh, lock, code);
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  // One node, or with --cluster two in a cluster on free loopback ports: the first migrates the
  // database, the second's API listens on the first's port + 1.
  private static List<ServerAssembly> startNodes(
      DevOptions options, JournalSettings journal, ApiKeys keys, Consumer<Engine.Builder> code) {
    if (!options.cluster()) {
      return List.of(
          ServerAssembly.start(
              settings(options, options.port(), journal, keys, "dev", null), code));
    }
    List<Integer> ports = freeLoopbackPorts(2);
    List<ServerAssembly> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < ports.size(); i++) {
        ClusterOptions cluster =
            ClusterOptions.loopback(CLUSTER_NAME, ports.get(i), ports).withLogging("slf4j");
        int port = options.port() == 0 ? 0 : options.port() + i;
        nodes.add(
            ServerAssembly.start(
                settings(
                    options,
                    port,
                    i == 0 ? journal : migrated(journal),
                    keys,
                    "dev-" + (i + 1),
                    cluster),
                code));
      }
      return List.copyOf(nodes);
    } catch (RuntimeException e) {
      try {
        close(nodes);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static ServerSettings settings(
      DevOptions options,
      int port,
      JournalSettings journal,
      ApiKeys keys,
      String nodeId,
      ClusterOptions cluster) {
    return new ServerSettings(
        options.host(),
        port,
        journal,
        keys,
        nodeId,
        List.of(),
        List.of(),
        options.examples(),
        null,
        "127.0.0.1",
        -1,
        EngineTuning.DEFAULTS,
        cluster);
  }

  // The same database, which the first node has migrated already.
  private static JournalSettings migrated(JournalSettings journal) {
    var pg = (JournalSettings.Postgres) journal;
    return new JournalSettings.Postgres(
        pg.connect(), pg.poolSize(), false, pg.listen(), pg.statementTimeout(), pg.lockTimeout());
  }

  // Held open together, so that no two are the same; Hazelcast binds them right after.
  private static List<Integer> freeLoopbackPorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find free ports on 127.0.0.1 for the cluster", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // nothing was listening through it
        }
      }
    }
  }

  // The last started first; each closes even when another fails.
  private static void close(List<ServerAssembly> nodes) {
    RuntimeException failure = null;
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        nodes.get(i).close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * With {@code --cluster}, the cluster as the first node sees it: {@code continuum-dev, members
   * 127.0.0.1:40123, 127.0.0.1:40124}; else empty.
   */
  public Optional<String> clusterDescription() {
    if (nodes.size() == 1) {
      return Optional.empty();
    }
    return Optional.of(
        CLUSTER_NAME + ", members " + String.join(", ", ContinuumCluster.members(server.vertx())));
  }

  /**
   * With {@code --cluster}, one line per node: {@code dev-2 http://127.0.0.1:8081/v1 (cluster
   * member 127.0.0.1:40124)}; else none.
   */
  public List<String> clusterNodes() {
    if (nodes.size() == 1) {
      return List.of();
    }
    return nodes.stream()
        .map(
            node ->
                node.engine().options().nodeId()
                    + " "
                    + node.apiBase()
                    + "/v1 (cluster member "
                    + ContinuumCluster.localMember(node.vertx())
                    + ")")
        .toList();
  }

  /** The REST API of every node: one, or two with {@code --cluster}. */
  public List<URI> apiBases() {
    return nodes.stream().map(ServerAssembly::apiBase).toList();
  }

  /** What keeps the runs: {@code embedded Postgres (data in …)}, {@code postgres <url>}, … */
  public String journalDescription() {
    return journalDescription;
  }

  /** The REST API's base, e.g. {@code http://127.0.0.1:8080}. */
  public URI apiBase() {
    return server.apiBase();
  }

  /** The web observer's address, e.g. {@code http://127.0.0.1:8080/ui/}. */
  public URI uiBase() {
    return server.apiBase().resolve("/ui/");
  }

  /** A link that logs a browser into the observer once, as the dev key, within ten minutes. */
  public String loginLink() {
    return server.apiBase()
        + server.loginLink(ApiKeys.fromPlainText(apiKey, Role.ADMIN, Set.of("*")).key());
  }

  /** The admin key's plain text (for every namespace; kept in the data directory). */
  public String apiKey() {
    return apiKey;
  }

  /** Whether this start made the key (first start, {@code --new-key}, or an unreadable file). */
  public boolean newKey() {
    return newKey;
  }

  /** The file the key was written to. */
  public Path keyFile() {
    return keyFile;
  }

  /**
   * Reports failed attempts, failed runs and drifts to {@code say}, one line each, as they happen.
   */
  public void report(Consumer<String> say) {
    Await.result(
        DevReport.start(server.vertx(), () -> server.engine().client(), say),
        java.time.Duration.ofSeconds(10),
        "dev report");
  }

  /** Every registered version of every workflow type: {@code type @hash12 class}, newest last. */
  public List<String> workflowVersions() {
    return server.engine().workflowVersions().stream()
        .map(
            d ->
                d.type()
                    + " @"
                    + (d.versionHash() == null ? "unversioned" : d.versionHash().substring(0, 12))
                    + " "
                    + d.workflowClass().getName())
        .toList();
  }

  /**
   * Watches the user's class path (with {@code --classpath}): when it changed and then stayed the
   * same for a poll (a compile finished), snapshots it and swaps in an engine with the new classes,
   * telling {@code say}. New runs start on the new versions; open runs go on with theirs.
   */
  public void watchCode(Consumer<String> say) {
    if (code == null) {
      return;
    }
    var pending = new java.util.concurrent.atomic.AtomicBoolean();
    watcher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              var t = new Thread(task, "continuum-dev-reload");
              t.setDaemon(true);
              return t;
            });
    watcher.scheduleWithFixedDelay(
        () -> {
          boolean changed = code.changed();
          if (changed && pending.get()) {
            reload(say);
            pending.set(false);
          } else {
            pending.set(changed);
          }
        },
        RELOAD_POLL_MS,
        RELOAD_POLL_MS,
        TimeUnit.MILLISECONDS);
  }

  private void reload(Consumer<String> say) {
    try {
      List<String> before = workflowVersions();
      code.refresh();
      for (ServerAssembly node : nodes) {
        node.replaceEngine(code::register);
      }
      for (String v : workflowVersions()) {
        if (!before.contains(v)) {
          say.accept("reloaded: " + v + " (new runs start here)");
        }
      }
    } catch (ServerAssembly.RestartFailed e) {
      say.accept("reload failed: " + Cli.oneLine(e));
    } catch (RuntimeException e) {
      say.accept("reload failed, still running the previous code: " + Cli.oneLine(e));
    }
  }

  /** The migrations applied at this start. */
  public List<String> migrationsApplied() {
    return server.migrationsApplied();
  }

  /** The embedded Postgres port, when there is one. */
  public OptionalInt embeddedPostgresPort() {
    return embedded == null ? OptionalInt.empty() : OptionalInt.of(embedded.port());
  }

  /** Stops the engine gracefully, closes Vert.x, then stops the embedded Postgres. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.shutdown();
      try {
        watcher.awaitTermination(30, TimeUnit.SECONDS); // a reload in progress finishes first
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      close(nodes);
    } finally {
      try {
        if (embedded != null) {
          embedded.close();
        }
      } finally {
        lock.close();
      }
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigException("cannot create the data directory " + dir + ": " + e, e);
    }
  }

  // The key of an earlier start, so that scripts, a CLI and a browser keep working across
  // restarts; a file that does not hold a key is replaced by a new one.
  private static ApiKeys.Generated readKey(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return ApiKeys.fromPlainText(Files.readString(file), Role.ADMIN, Set.of("*"));
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  // Readable by the owner only where the file system has POSIX permissions.
  private static void writeKey(Path file, String key) {
    try {
      Files.deleteIfExists(file);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, key + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the dev API key to " + file, e);
    }
  }
}
