package io.continuum.server;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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

  /** Starts Postgres on {@code dataDir} (kept on stop) and {@code port} (0: a free one). */
  static EmbeddedDatabase start(Path dataDir, int port) {
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
