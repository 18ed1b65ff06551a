package io.continuum.server;

import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a server keeps its runs: in memory (gone when the process stops) or in Postgres.
 *
 * <pre>{@code
 * JournalSettings memory = new JournalSettings.InMemory();
 * JournalSettings pg = new JournalSettings.Postgres(
 *     PgConnectOptions.fromUri("postgresql://continuum@db/continuum"), 8, false, true);
 * }</pre>
 */
public sealed interface JournalSettings {

  /**
   * The in-memory journal: no database, nothing survives a restart.
   *
   * <pre>{@code
   * new ServerSettings("127.0.0.1", 8080, new JournalSettings.InMemory(), keys, "dev",
   *     List.of(), List.of(), true);
   * }</pre>
   */
  record InMemory() implements JournalSettings {}

  /**
   * The Postgres journal.
   *
   * <pre>{@code
   * new JournalSettings.Postgres(connect, 0, true, true);   // default pool, migrate at start
   * }</pre>
   *
   * @param connect where the database is
   * @param poolSize connections in the pool; 0 for the journal's default
   * @param migrate apply pending migrations before starting (else a schema behind is an error)
   * @param listen LISTEN for other nodes' notices (off when this is the only node)
   * @param statementTimeout the longest a statement may run, or null for the journal's default
   * @param lockTimeout the longest a statement may wait for a lock, or null for the default
   */
  record Postgres(
      PgConnectOptions connect,
      int poolSize,
      boolean migrate,
      boolean listen,
      Duration statementTimeout,
      Duration lockTimeout)
      implements JournalSettings {
    /** Validates the settings. */
    public Postgres {
      Objects.requireNonNull(connect, "connect");
      if (poolSize < 0) {
        throw new ConfigException("pg.poolSize must be positive");
      }
    }

    /** Settings with the journal's default timeouts. */
    public Postgres(PgConnectOptions connect, int poolSize, boolean migrate, boolean listen) {
      this(connect, poolSize, migrate, listen, null, null);
    }
  }
}
