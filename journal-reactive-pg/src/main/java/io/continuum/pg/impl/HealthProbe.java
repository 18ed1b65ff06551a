package io.continuum.pg.impl;

import io.continuum.JournalException;
import io.continuum.pg.PgJournalOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Answers "can the journal serve calls now?" quickly, even when it cannot: on a connection of its
 * own (a busy or stuck pool cannot starve it), with lock and statement timeouts far below a
 * request's, it reads one row of each table a request touches and names the first that does not
 * answer.
 */
final class HealthProbe {
  private static final List<String> TABLES =
      List.of(
          "continuum_runs",
          "continuum_events",
          "continuum_signals",
          "continuum_activity_tasks",
          "continuum_timers");

  private final Pool pool;

  HealthProbe(Vertx vertx, PgConnectOptions connect, PgJournalOptions options) {
    var probing =
        new PgConnectOptions(connect)
            .addProperty("application_name", "continuum/health")
            .addProperty("statement_timeout", "700")
            .addProperty("lock_timeout", "300");
    this.pool =
        PgBuilder.pool()
            .with(
                new PoolOptions()
                    .setMaxSize(1)
                    .setName("continuum-health")
                    .setConnectionTimeout(700)
                    .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
            .with(
                new NetClientOptions()
                    .setConnectTimeout((int) Math.min(options.connectTimeout().toMillis(), 700)))
            .connectingTo(probing)
            .using(vertx)
            .build();
  }

  /** Succeeds when every table answers; fails with a {@link JournalException} saying which not. */
  Future<Void> check() {
    return pool.withConnection(conn -> tables(conn, 0))
        .recover(
            err ->
                Future.failedFuture(
                    err instanceof JournalException
                        ? err
                        : new JournalException(
                            "health",
                            "no connection to the database: " + err.getMessage(),
                            true,
                            err)));
  }

  private Future<Void> tables(SqlConnection conn, int i) {
    if (i == TABLES.size()) {
      return Future.succeededFuture();
    }
    String table = TABLES.get(i);
    return conn.query("SELECT 1 FROM " + table + " LIMIT 1")
        .execute()
        .recover(err -> Future.failedFuture(explain(table, err)))
        .compose(rows -> tables(conn, i + 1));
  }

  private static JournalException explain(String table, Throwable err) {
    String state = err instanceof PgException pg ? String.valueOf(pg.getSqlState()) : "";
    String why =
        switch (state) {
          case "55P03" -> table + " is locked: a read waited more than 300 ms for its lock";
          case "57014" -> "reading " + table + " took more than 700 ms";
          default ->
              "reading "
                  + table
                  + " failed: "
                  + (state.isEmpty() ? err.getMessage() : "SQLSTATE " + state);
        };
    return new JournalException("health", why, true, err);
  }

  Future<Void> close() {
    return pool.close();
  }
}
