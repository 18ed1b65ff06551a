package io.continuum.pg.impl;

import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.InboxItem;
import io.continuum.journal.JournalNotice;
import io.continuum.journal.NewRun;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Execution deadlines and delayed starts on Postgres (schema V008): a run's deadline is fixed by
 * {@code continuum_now()} when its chain's first run is created and fired by a timer of seq {@link
 * InboxItem.TimerFired#EXECUTION_DEADLINE}; a delayed run is created {@code pending} and unleased,
 * claimable from its {@code start_at}, woken by a timer of seq {@link InboxItem.TimerFired#START}.
 * Neither is on the batched hot path: a start with either option is its own transaction.
 */
final class RunDeadlines {

  /**
   * Fixes the deadline of run $1, just created in this transaction (whose {@code continuum_now()}
   * is its creation time), at $2 ms from now, and arms its timer unless its first step ended it.
   */
  private static final String ARM =
      """
      WITH r AS (
        UPDATE continuum_runs
        SET execution_deadline = continuum_now() + $2 * interval '1 millisecond'
        WHERE id = $1 RETURNING id, state, execution_deadline)
      INSERT INTO continuum_timers (run_id, command_seq, fire_at)
      SELECT id, %d, execution_deadline FROM r WHERE state NOT IN %s
      RETURNING fire_at
      """
          .formatted(InboxItem.TimerFired.EXECUTION_DEADLINE, RunSql.TERMINAL);

  /**
   * Creates run $1 to start $6 ms from now: pending, unleased, with {@code next_wakeup_at} at its
   * start (writers keep a set wake-up, so nothing brings it forward), run_started ($9), the signal
   * $10/$11 if any in its mailbox, its start timer and, with a timeout $7, its deadline counted
   * from its start. No row: the id exists.
   */
  private static final String START_LATER =
      """
      WITH r AS (
        INSERT INTO continuum_runs (id, workflow_type, namespace, state, last_seq, input_hash,
            attributes, version_hash, next_wakeup_at, start_at, execution_deadline, created_at,
            updated_at)
        VALUES ($1, $2, $3, 'pending', 1, $4, $5::text::jsonb, $8,
            continuum_now() + $6::bigint * interval '1 millisecond',
            continuum_now() + $6::bigint * interval '1 millisecond',
            continuum_now() + ($6::bigint + $7::bigint) * interval '1 millisecond',
            continuum_now(), continuum_now())
        ON CONFLICT (id) DO NOTHING
        RETURNING id, start_at, execution_deadline),
      ev AS (
        INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)
        SELECT id, 1, 'run_started', $9, continuum_now() FROM r),
      sg AS (
        INSERT INTO continuum_signals (run_id, name, payload, created_at)
        SELECT id, $10::text, $11::bytea, continuum_now() FROM r WHERE $10::text IS NOT NULL),
      tm AS (
        INSERT INTO continuum_timers (run_id, command_seq, fire_at)
        SELECT id, %d, start_at FROM r
        UNION ALL
        SELECT id, %d, execution_deadline FROM r WHERE execution_deadline IS NOT NULL)
      SELECT start_at FROM r
      """
          .formatted(InboxItem.TimerFired.START, InboxItem.TimerFired.EXECUTION_DEADLINE);

  private final Pool pool;
  private final PgNotices notices;

  RunDeadlines(Pool pool, PgNotices notices) {
    this.pool = pool;
    this.notices = notices;
  }

  /** Creates a delayed run; true when created, false when its id exists. */
  Future<Boolean> startLater(NewRun run) {
    byte[] started =
        EventCodec.encode(
            new Event.RunStarted(
                run.runId(), run.namespace(), run.workflowType(), run.input(), run.startedAt()));
    Long timeout = run.executionTimeout() == null ? null : run.executionTimeout().toMillis();
    Tuple args =
        Tuple.of(
                run.runId(),
                run.workflowType(),
                run.namespace(),
                run.inputHash(),
                run.attributes().jsonText(),
                run.startDelay().toMillis())
            .addValue(timeout)
            .addValue(run.versionHash())
            .addValue(Buffer.buffer(started))
            .addValue(run.signal() == null ? null : run.signal().name())
            .addValue(run.signal() == null ? null : Values.bytes(run.signal().payload()));
    return pool.preparedQuery(START_LATER)
        .execute(args)
        .map(
            rows -> {
              if (rows.size() == 0) {
                return false;
              }
              armed(rows.iterator().next().getOffsetDateTime("start_at"));
              return true;
            });
  }

  /**
   * Fixes the deadline of a run created with its first step in {@code conn}'s transaction; the
   * timer it arms goes into {@code armed}, to announce once the transaction committed.
   */
  Future<Void> arm(SqlConnection conn, NewRun run, List<Instant> armed) {
    if (run.executionTimeout() == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(ARM)
        .execute(Tuple.of(run.runId(), run.executionTimeout().toMillis()))
        .map(rows -> collect(rows, armed));
  }

  /** Adds the deadline timers a statement returned ({@code fire_at}) to {@code armed}. */
  Void collect(RowSet<Row> rows, List<Instant> armed) {
    for (Row r : rows) {
      OffsetDateTime at = r.getOffsetDateTime("fire_at");
      if (at != null) {
        armed.add(Values.instant(at));
      }
    }
    return null;
  }

  /**
   * Tells the timer wheels about timers a transaction armed, once it committed: a wheel told
   * earlier reloads before the timer is visible and then waits for its next refresh.
   */
  void announce(List<Instant> armed) {
    armed.forEach(at -> notices.publish(new JournalNotice.TimerArmed(at)));
  }

  // A hint: the wheels reload when it is near; a rolled-back timer costs them one reload.
  private void armed(OffsetDateTime at) {
    if (at != null) {
      notices.publish(new JournalNotice.TimerArmed(Values.instant(at)));
    }
  }
}
