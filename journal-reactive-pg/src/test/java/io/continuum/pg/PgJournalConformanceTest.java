package io.continuum.pg;

import io.continuum.journal.Journal;
import io.continuum.journal.JournalConformanceTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The journal conformance suite on Postgres. */
class PgJournalConformanceTest extends JournalConformanceTest {
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
