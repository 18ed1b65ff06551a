package io.continuum.server;

import io.continuum.http.ApiKeys;
import io.continuum.http.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
 * {@link DevOptions#newKey()}.
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

  private static final long RELOAD_POLL_MS = 500;

  private final EmbeddedDatabase embedded;
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
      ServerAssembly server,
      String journalDescription,
      String apiKey,
      Path keyFile,
      boolean newKey,
      DataDirLock lock,
      DevCode code) {
    this.embedded = embedded;
    this.server = server;
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
      journal = new JournalSettings.Postgres(embedded.connectOptions(), 0, true, false);
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
      var settings =
          new ServerSettings(
              options.host(),
              options.port(),
              journal,
              ApiKeys.of(List.of(key.key())),
              "dev",
              List.of(),
              List.of(),
              options.examples());
      DevCode code =
          options.classpath().isEmpty() ? null : new DevCode(dataDir, options.classpath());
      if (code != null) {
        code.start();
      }
      ServerAssembly server =
          ServerAssembly.start(
              settings,
              builder -> {
                if (code != null) {
                  code.register(builder);
                }
              });
      if (fresh) {
        try {
          writeKey(keyFile, key.plainText());
        } catch (RuntimeException e) {
          server.close();
          throw e;
        }
      }
      return new DevServer(
          embedded, server, description, key.plainText(), keyFile, fresh, lock, code);
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
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
      server.replaceEngine(code::register);
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
      server.close();
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
