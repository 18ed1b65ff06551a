package io.continuum.pg.impl;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The database's clock as seen from this JVM: the local clock plus the offset to {@code
 * continuum_now()} measured over a round trip. Decisions that matter (lease expiry, due timers,
 * backoff) are taken in SQL; this clock only stamps step times and schedules local alarms.
 */
final class DbClock extends Clock {
  private final Pool pool;
  private volatile long offsetNanos;

  DbClock(Pool pool) {
    this.pool = pool;
  }

  /** Measures the offset again. */
  Future<Void> sync() {
    long before = System.nanoTime();
    Instant localBefore = Instant.now();
    return pool.query(RunSql.NOW)
        .execute()
        .map(
            rows -> {
              long rtt = System.nanoTime() - before;
              Instant db = rows.iterator().next().getOffsetDateTime("now").toInstant();
              Instant localMid = localBefore.plusNanos(rtt / 2);
              offsetNanos = java.time.Duration.between(localMid, db).toNanos();
              return null;
            });
  }

  @Override
  public Instant instant() {
    return Instant.now().plusNanos(offsetNanos);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new IllegalArgumentException("the database clock is always UTC");
  }
}
