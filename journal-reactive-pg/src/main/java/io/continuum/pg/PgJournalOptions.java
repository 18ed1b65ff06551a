package io.continuum.pg;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link PgJournal} talks to Postgres, and how long it waits for it. Every wait on the
 * database is bounded: a statement, a lock, a free pooled connection, a new connection; a call that
 * runs out of time fails with a retryable {@link io.continuum.JournalException} (the REST API
 * answers 503 with {@code Retry-After}).
 *
 * <pre>{@code
 * PgJournalOptions options = PgJournalOptions.defaults()
 *     .withPoolSize(8)
 *     .withAutoMigrate(true)
 *     .withLockTimeout(Duration.ofSeconds(2));
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
 * @param statementTimeout the longest one statement may run (Postgres {@code statement_timeout})
 * @param lockTimeout the longest one statement may wait for a lock (Postgres {@code lock_timeout})
 * @param poolWait the longest a call waits for a free connection of the pool
 * @param connectTimeout the longest opening a connection may take
 */
public record PgJournalOptions(
    int poolSize,
    int batchSlots,
    boolean autoMigrate,
    boolean listen,
    Duration notifyDelay,
    Duration listenReconnectMaxDelay,
    Duration backstopInterval,
    Duration clockSyncInterval,
    Duration statementTimeout,
    Duration lockTimeout,
    Duration poolWait,
    Duration connectTimeout) {

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
          notifyDelay,
          listenReconnectMaxDelay,
          backstopInterval,
          clockSyncInterval,
          statementTimeout,
          lockTimeout,
          poolWait,
          connectTimeout
        }) {
      if (Objects.requireNonNull(d).isNegative() || d.isZero()) {
        throw new IllegalArgumentException("every interval and timeout must be positive");
      }
    }
    if (lockTimeout.compareTo(statementTimeout) > 0) {
      throw new IllegalArgumentException("lockTimeout must not be longer than statementTimeout");
    }
  }

  /**
   * One connection per Vert.x event loop (twice the cores) plus one, two batch slots, no automatic
   * migration, LISTEN on, 2 ms NOTIFY coalescing, reconnects at most 5 s apart, a 30 s backstop
   * scan, a clock sync every minute; statements end after 30 s, lock waits after 3 s, a call waits
   * at most 3 s for a pooled connection and a connection opens within 5 s. A call stuck behind a
   * lock with every pooled connection busy thus fails within 6 s, inside a REST request's 10 s
   * deadline.
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
        Duration.ofMinutes(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(3),
        Duration.ofSeconds(3),
        Duration.ofSeconds(5));
  }

  /** A pool of {@code poolSize} connections (batch slots are capped at the pool size). */
  public PgJournalOptions withPoolSize(int poolSize) {
    return copy(
        b -> {
          b.poolSize = poolSize;
          b.batchSlots = Math.min(b.batchSlots, poolSize);
        });
  }

  public PgJournalOptions withBatchSlots(int batchSlots) {
    return copy(b -> b.batchSlots = batchSlots);
  }

  public PgJournalOptions withAutoMigrate(boolean autoMigrate) {
    return copy(b -> b.autoMigrate = autoMigrate);
  }

  public PgJournalOptions withListen(boolean listen) {
    return copy(b -> b.listen = listen);
  }

  public PgJournalOptions withBackstopInterval(Duration backstopInterval) {
    return copy(b -> b.backstopInterval = backstopInterval);
  }

  public PgJournalOptions withListenReconnectMaxDelay(Duration delay) {
    return copy(b -> b.listenReconnectMaxDelay = delay);
  }

  /** Ends any statement running longer (Postgres {@code statement_timeout}). */
  public PgJournalOptions withStatementTimeout(Duration timeout) {
    return copy(b -> b.statementTimeout = timeout);
  }

  /** Ends any statement waiting longer for a lock (Postgres {@code lock_timeout}). */
  public PgJournalOptions withLockTimeout(Duration timeout) {
    return copy(b -> b.lockTimeout = timeout);
  }

  /** Fails a call that waited this long for a free connection of the pool. */
  public PgJournalOptions withPoolWait(Duration wait) {
    return copy(b -> b.poolWait = wait);
  }

  /** Gives up opening a connection after this long. */
  public PgJournalOptions withConnectTimeout(Duration timeout) {
    return copy(b -> b.connectTimeout = timeout);
  }

  private PgJournalOptions copy(Consumer<Fields> change) {
    var b = new Fields(this);
    change.accept(b);
    return b.build();
  }

  private static final class Fields {
    int poolSize;
    int batchSlots;
    boolean autoMigrate;
    boolean listen;
    Duration notifyDelay;
    Duration listenReconnectMaxDelay;
    Duration backstopInterval;
    Duration clockSyncInterval;
    Duration statementTimeout;
    Duration lockTimeout;
    Duration poolWait;
    Duration connectTimeout;

    Fields(PgJournalOptions o) {
      poolSize = o.poolSize;
      batchSlots = o.batchSlots;
      autoMigrate = o.autoMigrate;
      listen = o.listen;
      notifyDelay = o.notifyDelay;
      listenReconnectMaxDelay = o.listenReconnectMaxDelay;
      backstopInterval = o.backstopInterval;
      clockSyncInterval = o.clockSyncInterval;
      statementTimeout = o.statementTimeout;
      lockTimeout = o.lockTimeout;
      poolWait = o.poolWait;
      connectTimeout = o.connectTimeout;
    }

    PgJournalOptions build() {
      return new PgJournalOptions(
          poolSize,
          batchSlots,
          autoMigrate,
          listen,
          notifyDelay,
          listenReconnectMaxDelay,
          backstopInterval,
          clockSyncInterval,
          statementTimeout,
          lockTimeout,
          poolWait,
          connectTimeout);
    }
  }
}
