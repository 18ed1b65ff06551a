package io.continuum.journal.memory;

import io.continuum.journal.Journal;
import io.continuum.journal.JournalHeartbeatContract;
import io.continuum.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;

/** Heartbeats, cancel flags and external completion on {@link InMemoryJournal}. */
class InMemoryHeartbeatContractTest extends JournalHeartbeatContract {
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
