package io.continuum.pg.testing;

import io.continuum.pg.Migrator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The test Postgres of this JVM: the server at {@code CONTINUUM_PG_URL} if set, else a
 * Testcontainers Postgres when a Docker engine answers, else an embedded Postgres (zonky; it runs
 * as root through a user namespace). Migrations are applied once, to a template database; every
 * {@link #newDatabase()} is a cheap clone of it.
 *
 * <pre>{@code
 * static PgConnectOptions db = PgTestDatabase.shared().newDatabase();
 * PgJournal.create(vertx, db, PgJournalOptions.defaults());
 * }</pre>
 */
public final class PgTestDatabase {
  private static PgTestDatabase shared;

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String adminDatabase;
  private final String template;
  private final String source;

  private PgTestDatabase(PgConnectOptions server, String source) {
    this.host = server.getHost();
    this.port = server.getPort();
    this.user = server.getUser();
    this.password = server.getPassword() == null ? "" : server.getPassword();
    this.adminDatabase =
        server.getDatabase() == null || server.getDatabase().isEmpty()
            ? "postgres"
            : server.getDatabase();
    this.source = source;
    this.template = "continuum_tpl_" + templateTag();
    prepareTemplate();
  }

  /** The JVM-wide test database server, started on first use. */
  public static synchronized PgTestDatabase shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  private static PgTestDatabase start() {
    String url = System.getenv("CONTINUUM_PG_URL");
    if (url != null && !url.isBlank()) {
      return new PgTestDatabase(PgConnectOptions.fromUri(url), "CONTINUUM_PG_URL");
    }
    PgConnectOptions container = ContainerPostgres.startIfDockerAnswers();
    if (container != null) {
      return new PgTestDatabase(container, "testcontainers");
    }
    return new PgTestDatabase(EmbeddedServer.start(), "embedded");
  }

  /** Where the server came from: CONTINUUM_PG_URL, testcontainers or embedded. */
  public String source() {
    return source;
  }

  /** A fresh database cloned from the migrated template. */
  public PgConnectOptions newDatabase() {
    String name = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + name + " TEMPLATE " + template);
    return options(name);
  }

  /** A fresh, empty database (no schema), for migrator tests. */
  public PgConnectOptions newEmptyDatabase() {
    String name = "e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + name);
    return options(name);
  }

  /** Drops a database made by this fixture, closing its connections first. */
  public void drop(PgConnectOptions database) {
    admin("DROP DATABASE IF EXISTS " + database.getDatabase() + " WITH (FORCE)");
  }

  /** Runs SQL as the admin user in the given database (for faults: terminating backends). */
  public void execute(PgConnectOptions database, String sql) {
    try (Connection c = jdbc(database.getDatabase());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run " + sql + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sets the database clock of one database ({@code continuum_now()}) to {@code now() + skew}, so a
   * test can let leases, timers and backoffs expire without waiting. Takes effect for every
   * connection at once: replacing the function invalidates the plans that inlined it.
   */
  public void setClockSkew(PgConnectOptions database, java.time.Duration skew) {
    execute(
        database,
        "CREATE OR REPLACE FUNCTION continuum_now() RETURNS timestamptz LANGUAGE sql STABLE"
            + " AS $$ SELECT now() + interval '"
            + skew.toMillis()
            + " milliseconds' $$");
  }

  public PgConnectOptions options(String database) {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setUser(user)
        .setPassword(password)
        .setDatabase(database);
  }

  private void prepareTemplate() {
    if (templateExists()) {
      return;
    }
    String building = template + "_" + UUID.randomUUID().toString().substring(0, 8);
    admin("CREATE DATABASE " + building);
    Vertx vertx = Vertx.vertx();
    try {
      Migrator.migrate(vertx, options(building))
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not migrate the template database", e);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    // Renamed only once complete, so a half-built template is never cloned.
    try {
      admin("ALTER DATABASE " + building + " RENAME TO " + template);
    } catch (IllegalStateException raced) {
      admin("DROP DATABASE IF EXISTS " + building);
      if (!templateExists()) {
        throw raced;
      }
    }
  }

  private boolean templateExists() {
    try (Connection c = jdbc(adminDatabase);
        var ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, template);
      return ps.executeQuery().next();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot reach the test Postgres (" + source + "): " + e.getMessage(), e);
    }
  }

  private static String templateTag() {
    StringBuilder all = new StringBuilder();
    for (String file : Migrator.MIGRATIONS) {
      all.append(Migrator.read(file));
    }
    return Integer.toHexString(all.toString().hashCode()).replace("-", "m");
  }

  private void admin(String sql) {
    execute(options(adminDatabase), sql);
  }

  /**
   * A JDBC connection to one database, for tests that hold locks or transactions open while the
   * journal works (close it when done).
   */
  public Connection connect(PgConnectOptions database) {
    try {
      return jdbc(database.getDatabase());
    } catch (SQLException e) {
      throw new IllegalStateException("could not connect: " + e.getMessage(), e);
    }
  }

  private Connection jdbc(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
  }

  /** Used by tests that need a bounded wait on a Vert.x future. */
  public static <T> T join(io.vertx.core.Future<T> f) {
    try {
      return f.toCompletionStage()
          .toCompletableFuture()
          .get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> sources() {
    return List.of("CONTINUUM_PG_URL", "testcontainers", "embedded");
  }
}
