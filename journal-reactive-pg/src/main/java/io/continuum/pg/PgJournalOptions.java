package io.continuum.pg;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PgJournal} talks to Postgres.
 *
 * <pre>{@code
 * PgJournalOptions options = PgJournalOptions.defaults().withPoolSize(8).withAutoMigrate(true);
 * }</pre>
 *
 * @param poolSize connections in the pool; the pool prefers a connection on the caller's event
 *     loop, so one per event loop (plus one) spares each run host a thread hop per statement
 * @param batchSlots how many group-commit statements may be in flight at once; writes arriving
 *     while all are busy go out together with the next, so fewer slots make larger batches
 * @param autoMigrate apply pending migrations at start (else a schema that is behind is an error)
 * @param listen LISTEN for other nodes' notices and NOTIFY them (off for a single node)
 * @param notifyDelay how long notices for other nodes are coalesced before one NOTIFY statement
 * @param listenReconnectMaxDelay the longest wait between LISTEN reconnect attempts
 * @param backstopInterval how often to scan for runs with work waiting, in case a notice was lost
 * @param clockSyncInterval how often to re-measure the offset to the database clock
 */
public record PgJournalOptions(
    int poolSize,
    int batchSlots,
    boolean autoMigrate,
    boolean listen,
    Duration notifyDelay,
    Duration listenReconnectMaxDelay,
    Duration backstopInterval,
    Duration clockSyncInterval) {

  /** Validates the options. */
  public PgJournalOptions {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1");
    }
    if (batchSlots < 1 || batchSlots > poolSize) {
      throw new IllegalArgumentException("batchSlots must be between 1 and poolSize");
    }
    for (Duration d :
        new Duration[] {
          notifyDelay, listenReconnectMaxDelay, backstopInterval, clockSyncInterval
        }) {
      if (Objects.requireNonNull(d).isNegative() || d.isZero()) {
        throw new IllegalArgumentException("every interval must be positive");
      }
    }
  }

  /**
   * One connection per Vert.x event loop (twice the cores) plus one, two batch slots, no automatic
   * migration, LISTEN on, 2 ms NOTIFY coalescing, reconnects at most 5 s apart, a 30 s backstop
   * scan, a clock sync every minute.
   */
  public static PgJournalOptions defaults() {
    return new PgJournalOptions(
        2 * Runtime.getRuntime().availableProcessors() + 1,
        2,
        false,
        true,
        Duration.ofMillis(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1));
  }

  /** A pool of {@code poolSize} connections (batch slots are capped at the pool size). */
  public PgJournalOptions withPoolSize(int poolSize) {
    return new PgJournalOptions(
        poolSize,
        Math.min(batchSlots, poolSize),
        autoMigrate,
        listen,
        notifyDelay,
        listenReconnectMaxDelay,
        backstopInterval,
        clockSyncInterval);
  }

  public PgJournalOptions withBatchSlots(int batchSlots) {
    return new PgJournalOptions(
        poolSize,
        batchSlots,
        autoMigrate,
        listen,
        notifyDelay,
        listenReconnectMaxDelay,
        backstopInterval,
        clockSyncInterval);
  }

  public PgJournalOptions withAutoMigrate(boolean autoMigrate) {
    return new PgJournalOptions(
        poolSize,
        batchSlots,
        autoMigrate,
        listen,
        notifyDelay,
        listenReconnectMaxDelay,
        backstopInterval,
        clockSyncInterval);
  }

  public PgJournalOptions withListen(boolean listen) {
    return new PgJournalOptions(
        poolSize,
        batchSlots,
        autoMigrate,
        listen,
        notifyDelay,
        listenReconnectMaxDelay,
        backstopInterval,
        clockSyncInterval);
  }

  public PgJournalOptions withBackstopInterval(Duration backstopInterval) {
    return new PgJournalOptions(
        poolSize,
        batchSlots,
        autoMigrate,
        listen,
        notifyDelay,
        listenReconnectMaxDelay,
        backstopInterval,
        clockSyncInterval);
  }

  public PgJournalOptions withListenReconnectMaxDelay(Duration delay) {
    return new PgJournalOptions(
        poolSize,
        batchSlots,
        autoMigrate,
        listen,
        notifyDelay,
        delay,
        backstopInterval,
        clockSyncInterval);
  }
}
