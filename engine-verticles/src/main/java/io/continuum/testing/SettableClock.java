package io.continuum.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to. Give it to an in-memory journal and every engine decision
 * based on time (timers, retry backoff, lease expiry) follows it.
 *
 * <pre>{@code
 * var clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
 * var journal = InMemoryJournal.create(clock);
 * clock.advance(Duration.ofHours(1));
 * }</pre>
 */
public final class SettableClock extends Clock {
  private final AtomicReference<Instant> now;

  public SettableClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /**
   * Moves the clock to {@code instant}.
   *
   * @throws IllegalArgumentException when that is in the past: time never runs backwards here
   */
  public void set(Instant instant) {
    now.updateAndGet(
        current -> {
          if (instant.isBefore(current)) {
            throw new IllegalArgumentException(
                "cannot move the clock back from " + current + " to " + instant);
          }
          return instant;
        });
  }

  /** Moves the clock forward. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("cannot move the clock back");
    }
    now.updateAndGet(current -> current.plus(duration));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new IllegalArgumentException("a SettableClock is always UTC");
  }
}
