package io.continuum.load.throughput;

import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.DriverManager;

/**
 * Reads {@code pg_stat_database.xact_commit} of one database over a fresh connection, after a 1.2 s
 * pause for the backends' statistics to reach it.
 *
 * <pre>{@code
 * long before = Commits.read(server, db);
 * ... measured work ...
 * long commits = Commits.read(server, db) - before;
 * }</pre>
 */
public final class Commits {
  private Commits() {}

  /** The database's committed transactions so far (every statement outside one counts). */
  public static long read(PgTestDatabase server, PgConnectOptions db) throws Exception {
    // Backends flush statistics when they exit (the pool was just closed) or about once a second.
    Thread.sleep(1_200);
    try (var c =
            DriverManager.getConnection(
                "jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase(),
                db.getUser(),
                db.getPassword());
        var s = c.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      var rs =
          s.executeQuery(
              "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
      rs.next();
      return rs.getLong(1);
    }
  }
}
