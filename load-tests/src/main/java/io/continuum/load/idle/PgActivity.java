package io.continuum.load.idle;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * What the database did, read over a fresh connection: commits and updated tuples of one database,
 * and the cluster's WAL position. Backends flush their statistics about once a second.
 */
record PgActivity(long commits, long tuplesUpdated, long walBytes, long nanos) {

  static PgActivity read(PgConnectOptions db) throws Exception {
    try (var c = connect(db);
        var s = c.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      var rs =
          s.executeQuery(
              "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),"
                  + " (SELECT coalesce(sum(n_tup_upd), 0) FROM pg_stat_user_tables),"
                  + " pg_current_wal_lsn() - '0/0'::pg_lsn");
      rs.next();
      return new PgActivity(rs.getLong(1), rs.getLong(2), rs.getLong(3), System.nanoTime());
    }
  }

  /**
   * Fills the runs table with {@code rows} more runs that wait for nothing anyone will send
   * (suspended, unleased, nothing due), so the measured runs share the table with a realistic
   * crowd; analyzed afterwards, as a table that size would be.
   */
  static void addBystanders(PgConnectOptions db, int rows) throws Exception {
    try (var c = connect(db);
        var s = c.createStatement()) {
      s.execute(
          "INSERT INTO continuum_runs (id, workflow_type, namespace, state, last_seq, input_hash,"
              + " created_at, updated_at)"
              + " SELECT 'bystander-' || g, 'load.idle', 'default', 'suspended', 3, 'h', now(),"
              + " now() FROM generate_series(1, "
              + rows
              + ") g");
      s.execute("ANALYZE continuum_runs");
    }
  }

  /** Whether an autovacuum worker is busy in this database now. */
  static boolean autovacuuming(PgConnectOptions db) throws Exception {
    try (var c = connect(db);
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
                    + " AND datname = current_database()")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  /** How many runs hold a lease now. */
  static long leasesHeld(PgConnectOptions db) throws Exception {
    try (var c = connect(db);
        var s = c.createStatement();
        var rs =
            s.executeQuery("SELECT count(*) FROM continuum_runs WHERE lease_owner IS NOT NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Connection connect(PgConnectOptions db) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase(),
        db.getUser(),
        db.getPassword());
  }

  double perSecond(long from, long to, PgActivity earlier) {
    return (to - from) / ((nanos - earlier.nanos) / 1e9);
  }
}
