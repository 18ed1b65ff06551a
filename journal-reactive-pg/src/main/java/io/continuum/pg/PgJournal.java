package io.continuum.pg;

import io.continuum.journal.Journal;
import io.continuum.pg.impl.PgJournalImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The durable {@link Journal}: runs on Postgres through the reactive vertx-pg-client. Every write
 * is one statement committed in one round trip, fenced by the lease token; under load, starts and
 * step commits of many runs share a statement (group commit), each under its own fence. Time is the
 * database's.
 *
 * <pre>{@code
 * PgConnectOptions db = PgConnectOptions.fromUri("postgresql://app@db:5432/continuum");
 * PgJournal.create(vertx, db, PgJournalOptions.defaults().withAutoMigrate(true))
 *     .compose(journal -> Engine.builder().journal(journal).workflow(Checkout.class)
 *         .activity(new ChargeCard()).build().deploy(vertx));
 * }</pre>
 *
 * <p>The schema is applied by {@link Migrator} (or {@code autoMigrate}); a database whose schema is
 * newer than this code is refused at start.
 */
public interface PgJournal extends Journal {

  /**
   * Connects, checks (or applies) the schema, measures the database clock and starts listening.
   *
   * @return fails with {@link SchemaVersionException} when the schema is behind (and {@code
   *     autoMigrate} is off) or ahead of this code
   */
  static Future<PgJournal> create(Vertx vertx, PgConnectOptions connect, PgJournalOptions options) {
    return PgJournalImpl.create(vertx, connect, options);
  }

  /** Measures the offset to the database clock again (the clock is also re-synced periodically). */
  Future<Void> syncClock();

  /** How many times the LISTEN connection was lost and re-established. */
  long listenReconnects();

  /**
   * Registers this journal's meters, tagged {@code node}: {@code continuum.listen.reconnects}, a
   * function counter of {@link #listenReconnects()} (Prometheus: {@code
   * continuum_listen_reconnects_total}). The engine's own meters go to the registry given to {@code
   * Engine.builder().meterRegistry(...)}; pass the same one here.
   *
   * <pre>{@code
   * PgJournal.create(vertx, db, options)
   *     .map(journal -> journal.bindTo(registry, "node-a"))
   *     .compose(journal -> Engine.builder().journal(journal).meterRegistry(registry)
   *         .options(EngineOptions.defaults().withNodeId("node-a")).build().deploy(vertx));
   * }</pre>
   *
   * @return this journal
   */
  PgJournal bindTo(MeterRegistry registry, String nodeId);

  /** Stops listening and closes the pool. */
  Future<Void> close();
}
