package io.continuum.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.function.Function;

/** One operations task on one connection, in a Vert.x made for it and closed after it. */
final class AdminSession {
  private static final String UNDEFINED_FUNCTION = "42883";
  private static final String UNDEFINED_TABLE = "42P01";

  private AdminSession() {}

  /** Runs {@code work} with a Vert.x of its own and returns its result. */
  static <T> T withVertx(Function<Vertx, Future<T>> work, Duration timeout, String what) {
    Vertx vertx = Vertx.vertx();
    try {
      return Await.result(work.apply(vertx), timeout, what);
    } finally {
      Await.result(vertx.close(), Duration.ofSeconds(30), "Vert.x close");
    }
  }

  /** Runs {@code work} on one connection to {@code connect}. */
  static <T> T withConnection(
      PgConnectOptions connect,
      Function<PgConnection, Future<T>> work,
      Duration timeout,
      String what) {
    var options =
        new PgConnectOptions(connect).addProperty("application_name", "continuum/" + what);
    try {
      return withVertx(
          vertx ->
              PgConnection.connect(vertx, options)
                  .compose(conn -> work.apply(conn).eventually(conn::close)),
          timeout,
          what);
    } catch (PgException e) {
      throw explained(e);
    }
  }

  /** A missing schema as the advice to migrate; any other database error as it is. */
  static RuntimeException explained(PgException e) {
    if (UNDEFINED_FUNCTION.equals(e.getSqlState()) || UNDEFINED_TABLE.equals(e.getSqlState())) {
      return new IllegalStateException(
          "the database has no Continuum schema: run 'continuum migrate' first", e);
    }
    return e;
  }
}
