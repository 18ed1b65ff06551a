package io.continuum.pg;

import io.continuum.journal.Journal;
import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;

/**
 * The Postgres journal a journal contract runs on: one database per test class, emptied for each
 * test, with a database clock the test moves.
 *
 * <pre>{@code
 * static PgJournalUnderTest pg = PgJournalUnderTest.open();   // @BeforeAll
 * protected Journal createJournal() { return pg.fresh(); }
 * protected void advanceTime(Duration d) { pg.advance(d); }
 * }</pre>
 */
final class PgJournalUnderTest {
  private final Vertx vertx;
  private final PgConnectOptions db;
  private PgJournal current;
  private Duration skew = Duration.ZERO;

  private PgJournalUnderTest(Vertx vertx, PgConnectOptions db) {
    this.vertx = vertx;
    this.db = db;
  }

  /** A new database of the shared test server. */
  static PgJournalUnderTest open() {
    return new PgJournalUnderTest(Vertx.vertx(), PgTestDatabase.shared().newDatabase());
  }

  /** An empty journal at the database's own time. */
  Journal fresh() {
    PgTestDatabase.shared()
        .execute(
            db,
            "TRUNCATE continuum_runs, continuum_events, continuum_signals, continuum_timers,"
                + " continuum_activity_tasks, continuum_activity_results, continuum_child_outcomes,"
                + " continuum_updates");
    skew = Duration.ZERO;
    PgTestDatabase.shared().setClockSkew(db, skew);
    current = PgTestDatabase.join(PgJournal.create(vertx, db, PgJournalOptions.defaults()));
    return current;
  }

  /** Moves the database clock forward and tells the journal. */
  void advance(Duration d) {
    skew = skew.plus(d);
    PgTestDatabase.shared().setClockSkew(db, skew);
    PgTestDatabase.join(current.syncClock());
  }

  /** Closes the journal of the test that ended. */
  void closeJournal() {
    if (current != null) {
      PgTestDatabase.join(current.close());
      current = null;
    }
  }

  /** Drops the database. */
  void close() {
    PgTestDatabase.join(vertx.close());
    PgTestDatabase.shared().drop(db);
  }
}
