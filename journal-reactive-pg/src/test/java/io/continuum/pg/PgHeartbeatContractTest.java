package io.continuum.pg;

import io.continuum.journal.Journal;
import io.continuum.journal.JournalHeartbeatContract;
import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Heartbeats, cancel flags and external completion on Postgres. */
class PgHeartbeatContractTest extends JournalHeartbeatContract {
  private static Vertx vertx;
  private static PgConnectOptions db;
  private PgJournal current;
  private Duration skew = Duration.ZERO;

  @BeforeAll
  static void database() {
    vertx = Vertx.vertx();
    db = PgTestDatabase.shared().newDatabase();
  }

  @AfterAll
  static void dropDatabase() {
    PgTestDatabase.join(vertx.close());
    PgTestDatabase.shared().drop(db);
  }

  @Override
  protected Journal createJournal() {
    PgTestDatabase.shared()
        .execute(
            db,
            "TRUNCATE continuum_runs, continuum_events, continuum_signals, continuum_timers,"
                + " continuum_activity_tasks, continuum_activity_results, continuum_child_outcomes");
    skew = Duration.ZERO;
    PgTestDatabase.shared().setClockSkew(db, skew);
    current = PgTestDatabase.join(PgJournal.create(vertx, db, PgJournalOptions.defaults()));
    return current;
  }

  @Override
  protected void advanceTime(Duration d) {
    skew = skew.plus(d);
    PgTestDatabase.shared().setClockSkew(db, skew);
    PgTestDatabase.join(current.syncClock());
  }

  @Override
  protected Duration clockTolerance() {
    return Duration.ofMillis(50);
  }

  @AfterEach
  void closeJournal() {
    if (current != null) {
      PgTestDatabase.join(current.close());
    }
  }
}
