package io.continuum.pg;

import io.continuum.journal.Journal;
import io.continuum.journal.JournalHeartbeatContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Heartbeats, cancel flags and external completion on Postgres. */
class PgHeartbeatContractTest extends JournalHeartbeatContract {
  private static PgJournalUnderTest pg;

  @BeforeAll
  static void database() {
    pg = PgJournalUnderTest.open();
  }

  @AfterAll
  static void dropDatabase() {
    pg.close();
  }

  @Override
  protected Journal createJournal() {
    return pg.fresh();
  }

  @Override
  protected void advanceTime(Duration d) {
    pg.advance(d);
  }

  @Override
  protected Duration clockTolerance() {
    return Duration.ofMillis(50);
  }

  @AfterEach
  void closeJournal() {
    pg.closeJournal();
  }
}
