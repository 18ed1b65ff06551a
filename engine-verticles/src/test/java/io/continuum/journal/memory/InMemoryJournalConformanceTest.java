package io.continuum.journal.memory;

import io.continuum.journal.Journal;
import io.continuum.journal.JournalConformanceTest;
import io.continuum.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;

/** Runs the journal conformance suite against {@link InMemoryJournal} on a settable clock. */
class InMemoryJournalConformanceTest extends JournalConformanceTest {

  private SettableClock clock;

  @Override
  protected Journal createJournal() {
    clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    return InMemoryJournal.create(clock);
  }

  @Override
  protected void advanceTime(Duration d) {
    clock.advance(d);
  }
}
