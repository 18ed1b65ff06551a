package io.continuum.server;

import io.continuum.RunState;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One connection for an operations command that interleaves SQL with work of its own (replaying
 * histories, building a report): each statement is awaited on the command's thread, so that work
 * never runs on an event loop.
 *
 * <pre>{@code
 * try (var db = PgSession.open(pg.connect(console), "audit")) {
 *   List<Row> rows = db.query("SELECT node FROM continuum_workflow_versions", Tuple.tuple());
 * }
 * }</pre>
 */
final class PgSession implements AutoCloseable {
  /** The terminal states as an SQL list, for {@code state NOT IN ...}: open runs are the rest. */
  static final String TERMINAL =
      Arrays.stream(RunState.values())
          .filter(RunState::isTerminal)
          .map(s -> "'" + s.wireName() + "'")
          .collect(Collectors.joining(",", "(", ")"));

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final Vertx vertx;
  private final PgConnection conn;
  private final String what;

  private PgSession(Vertx vertx, PgConnection conn, String what) {
    this.vertx = vertx;
    this.conn = conn;
    this.what = what;
  }

  /** Connects; {@code what} names the command in errors and in {@code application_name}. */
  static PgSession open(PgConnectOptions connect, String what) {
    var options =
        new PgConnectOptions(connect).addProperty("application_name", "continuum/" + what);
    Vertx vertx = Vertx.vertx();
    try {
      return new PgSession(
          vertx, Await.result(PgConnection.connect(vertx, options), TIMEOUT, what), what);
    } catch (RuntimeException e) {
      Await.result(vertx.close(), Duration.ofSeconds(30), "Vert.x close");
      throw e;
    }
  }

  /** Runs one statement (autocommitted) and returns its rows. */
  List<Row> query(String sql, Tuple args) {
    RowSet<Row> rows;
    try {
      rows = Await.result(conn.preparedQuery(sql).execute(args), TIMEOUT, what);
    } catch (PgException e) {
      throw AdminSession.explained(e);
    }
    var all = new ArrayList<Row>(rows.size());
    rows.forEach(all::add);
    return all;
  }

  /** The database clock, {@code continuum_now()}. */
  Instant now() {
    return query("SELECT continuum_now() AS now", Tuple.tuple())
        .get(0)
        .getOffsetDateTime("now")
        .toInstant();
  }

  @Override
  public void close() {
    try {
      Await.result(conn.close(), Duration.ofSeconds(30), what);
    } finally {
      Await.result(vertx.close(), Duration.ofSeconds(30), "Vert.x close");
    }
  }
}
