package io.continuum.server;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The embedded Postgres of {@code continuum dev}: its cluster lives in a directory that survives
 * restarts (initialized on first use), it listens on localhost only, and Continuum's tables go to a
 * {@code continuum} database in it.
 */
final class EmbeddedDatabase implements AutoCloseable {
  static final String DATABASE = "continuum";

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /**
   * Starts Postgres on {@code dataDir} (kept on stop) and {@code port} (0: a free one). The caller
   * holds the directory's {@link DataDirLock}, so a Postgres still running on it was left by a dev
   * server that died (kill -9): it is stopped first.
   */
  static EmbeddedDatabase start(Path dataDir, int port, Consumer<String> say) {
    stopLeftover(dataDir, say);
    EmbeddedPostgres postgres;
    try {
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              // stopped by our own shutdown path, after the engine has released its leases
              .setRegisterShutdownHook(false)
              .setServerConfig("listen_addresses", "localhost")
              .setPort(port)
              .start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "could not start the embedded Postgres in " + dataDir + ": " + ServerAssembly.message(e),
          e);
    }
    var database = new EmbeddedDatabase(postgres, dataDir);
    try {
      database.createDatabase();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  // postmaster.pid: line 1 the postmaster's pid, line 2 its data directory.
  private static void stopLeftover(Path dataDir, Consumer<String> say) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    List<String> lines;
    try {
      lines = Files.isRegularFile(pidFile) ? Files.readAllLines(pidFile) : List.of();
    } catch (IOException e) {
      return; // Postgres judges the file itself
    }
    if (lines.isEmpty() || !lines.get(0).strip().matches("\\d{1,10}")) {
      return;
    }
    long pid = Long.parseLong(lines.get(0).strip());
    ProcessHandle process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
    if (process == null) {
      return; // a stale file: Postgres starts over it
    }
    String command = process.info().commandLine().orElse("");
    if (!command.contains("postgres") || !command.contains(dataDir.toString())) {
      throw new ConfigException(
          "the embedded Postgres data in "
              + dataDir
              + " is marked in use by process "
              + pid
              + (command.isEmpty() ? "" : " (" + command + ")")
              + ", which is not a Postgres on it; if nothing uses the directory, delete "
              + pidFile
              + ", or give dev another --data-dir");
    }
    say.accept(
        "stopping the embedded Postgres (pid "
            + pid
            + ") left running on "
            + dataDir
            + " by a dev server that did not stop");
    process.destroy(); // SIGTERM: its only clients died with their server
    if (!waitForExit(process, Duration.ofSeconds(15))) {
      process.destroyForcibly();
      if (!waitForExit(process, Duration.ofSeconds(5))) {
        throw new ConfigException(
            "could not stop the Postgres (pid " + pid + ") left running on " + dataDir);
      }
    }
  }

  private static boolean waitForExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void createDatabase() {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      var exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
      if (!exists.next()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not create the " + DATABASE + " database: " + e.getMessage(), e);
    }
  }

  /** How the journal connects. */
  PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost("localhost")
        .setPort(postgres.getPort())
        .setUser("postgres")
        .setPassword("")
        .setDatabase(DATABASE);
  }

  int port() {
    return postgres.getPort();
  }

  Path dataDir() {
    return dataDir;
  }

  /** Stops Postgres (a fast shutdown); the data directory stays. */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded Postgres", e);
    }
  }
}
