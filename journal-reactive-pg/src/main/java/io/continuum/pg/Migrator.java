package io.continuum.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Applies the journal's versioned SQL files in order, each in its own transaction, under a Postgres
 * advisory lock (so concurrent starters apply each file once), recording them in {@code
 * continuum_schema_version} with a checksum. Re-running is a no-op; a database migrated by newer
 * code, or whose applied files differ from these, is refused.
 *
 * <pre>{@code
 * Migrator.migrate(vertx, PgConnectOptions.fromUri(url))
 *     .onSuccess(applied -> log.info("applied {}", applied));
 * }</pre>
 */
public final class Migrator {

  /** The migration files, in order; version n is the n-th. */
  public static final List<String> MIGRATIONS =
      List.of(
          "V001__journal.sql",
          "V002__run_queries.sql",
          "V003__chains.sql",
          "V004__children.sql",
          "V005__secrets.sql",
          "V006__run_keys.sql",
          "V007__activity_heartbeats.sql",
          "V008__run_deadlines.sql",
          "V009__updates.sql",
          "V010__lease_chunks.sql");

  /** The newest schema version this code knows. */
  public static final int LATEST = MIGRATIONS.size();

  /** The advisory lock migrations run under. */
  static final long LOCK_KEY = 0x436F6E74696E75L; // "Continu"

  private static final String VERSION_TABLE =
      """
      CREATE TABLE IF NOT EXISTS continuum_schema_version (
        version    int PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())
      """;

  private Migrator() {}

  /**
   * Migrates the database to {@link #LATEST}.
   *
   * @return the names of the files applied now (empty when up to date); fails with {@link
   *     SchemaVersionException} when the database is ahead of this code or a checksum differs
   */
  public static Future<List<String>> migrate(Vertx vertx, PgConnectOptions connect) {
    var options =
        new PgConnectOptions(connect)
            .addProperty("application_name", "continuum/migrate")
            // "already exists, skipping" is not news on a migrated database
            .addProperty("client_min_messages", "warning");
    return PgConnection.connect(vertx, options)
        .compose(conn -> locked(conn).eventually(conn::close));
  }

  private static Future<List<String>> locked(PgConnection conn) {
    return conn.preparedQuery("SELECT pg_advisory_lock($1)")
        .execute(Tuple.of(LOCK_KEY))
        .compose(v -> conn.query(VERSION_TABLE).execute())
        .compose(
            v ->
                conn.query(
                        "SELECT version, name, checksum FROM continuum_schema_version ORDER BY version")
                    .execute())
        .compose(
            rows -> {
              List<Row> applied = new ArrayList<>();
              rows.forEach(applied::add);
              return apply(conn, applied);
            })
        .eventually(
            () -> conn.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(LOCK_KEY)));
  }

  private static Future<List<String>> apply(PgConnection conn, List<Row> applied) {
    int current = 0;
    for (Row row : applied) {
      int version = row.getInteger("version");
      if (version > LATEST) {
        return Future.failedFuture(
            new SchemaVersionException(
                "the database schema is at version "
                    + version
                    + ", newer than this code ("
                    + LATEST
                    + "); deploy the Continuum version that migrated it",
                version,
                LATEST));
      }
      String file = MIGRATIONS.get(version - 1);
      if (!checksum(read(file)).equals(row.getString("checksum"))) {
        return Future.failedFuture(
            new SchemaVersionException(
                "migration " + file + " was applied with other contents than this code ships",
                version,
                LATEST));
      }
      current = Math.max(current, version);
    }
    Future<List<String>> chain = Future.succeededFuture(new ArrayList<>());
    for (int v = current + 1; v <= LATEST; v++) {
      int version = v;
      chain =
          chain.compose(
              done ->
                  applyOne(conn, version)
                      .map(
                          name -> {
                            done.add(name);
                            return done;
                          }));
    }
    return chain;
  }

  private static Future<String> applyOne(PgConnection conn, int version) {
    String file = MIGRATIONS.get(version - 1);
    String sql = read(file);
    return conn.begin()
        .compose(
            tx ->
                conn.query(sql)
                    .execute()
                    .compose(
                        v ->
                            conn.preparedQuery(
                                    "INSERT INTO continuum_schema_version (version, name, checksum) VALUES ($1, $2, $3)")
                                .execute(Tuple.of(version, file, checksum(sql))))
                    .compose(v -> tx.commit())
                    .recover(err -> tx.rollback().transform(x -> Future.failedFuture(err))))
        .map(v -> file);
  }

  /** The schema version of a database (0 when never migrated). */
  public static Future<Integer> currentVersion(SqlClient client) {
    return client
        .query("SELECT coalesce(max(version), 0) AS v FROM continuum_schema_version")
        .execute()
        .map(rows -> rows.iterator().next().getInteger("v"))
        .recover(
            err ->
                err.getMessage() != null && err.getMessage().contains("continuum_schema_version")
                    ? Future.succeededFuture(0)
                    : Future.failedFuture(err));
  }

  /** The SQL text of a migration, for operators who apply it by hand. */
  public static String read(String file) {
    try (InputStream in = Migrator.class.getResourceAsStream("migrations/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing migration resource " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String checksum(String sql) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
