package io.continuum.pg.impl;

import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.InboxItem;
import io.continuum.core.replay.StepOutcome;
import io.continuum.journal.CommitResult;
import io.continuum.journal.JournalNotice;
import io.continuum.journal.NewRun;
import io.continuum.journal.StepCommit;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * A continue-as-new commit on Postgres, in one transaction: lock the predecessor's row, create the
 * successor (run row, {@code run_started}) and move the unconsumed signals to it, then the step's
 * ordinary {@link RunSql#COMMIT}. When the commit matches no row (fenced) the transaction rolls
 * back, so no successor exists. A signal addressed to the predecessor meanwhile waits on the row
 * lock and then finds it {@code continued} (see {@link RunOps#signal}, which retries on the tip).
 */
final class ChainWrites {
  /** The commit matched no row; the caller says why. */
  static final RuntimeException FENCED = new RuntimeException("fenced", null, false, false) {};

  private static final String LOCK =
      "SELECT namespace, workflow_type, continuum_now() AS now FROM continuum_runs"
          + " WHERE id = $1 FOR UPDATE";

  private static final String CONTINUE =
      """
      WITH p AS (SELECT * FROM continuum_runs WHERE id = $1),
      n AS (
        INSERT INTO continuum_runs (id, workflow_type, namespace, state, last_seq, input_hash,
            version_hash, attributes, next_wakeup_at, correlation_id, continued_from, created_at,
            updated_at)
        SELECT $2, workflow_type, namespace, 'pending', 1, $4, $5,
            attributes || COALESCE($7::text::jsonb, '{}'::jsonb), continuum_now(),
            COALESCE(correlation_id, id), id, continuum_now(), continuum_now()
        FROM p RETURNING id),
      ev AS (
        INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)
        SELECT $2, 1, 'run_started', $3, continuum_now() FROM n),
      ms AS (
        UPDATE continuum_signals SET run_id = $2
        WHERE run_id = $1 AND id <> ALL($6::bigint[]) AND EXISTS (SELECT 1 FROM n))
      SELECT id FROM n
      """;

  private final Pool pool;
  private final PgNotices notices;

  ChainWrites(Pool pool, PgNotices notices) {
    this.pool = pool;
    this.notices = notices;
  }

  /**
   * Creates a run whose first step continues as new (its {@link RunSql#START} arguments given) and
   * its successor, in one transaction; false when the run existed already (nothing written).
   */
  Future<Boolean> start(NewRun run, StepOutcome step, Tuple startArgs) {
    var end = (Event.RunContinued) step.terminal();
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(RunSql.START)
                    .execute(startArgs)
                    .compose(
                        rows -> {
                          boolean created = false;
                          for (Row r : rows) {
                            created |= "r".equals(r.getString("kind"));
                          }
                          if (!created) {
                            return Future.succeededFuture(false);
                          }
                          return continueRun(
                                  conn, run.runId(), end, run.versionHash(), new Long[0], null)
                              .map(true);
                        }))
        .onSuccess(
            created -> {
              if (created) {
                notices.publish(new JournalNotice.RunReady(end.successorId()));
              }
            });
  }

  // Locks the predecessor's row, creates the successor and moves the unconsumed signals.
  private static Future<RowSet<Row>> continueRun(
      SqlConnection conn,
      String runId,
      Event.RunContinued end,
      String version,
      Long[] consumed,
      String attributes) {
    return conn.preparedQuery(LOCK)
        .execute(Tuple.of(runId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(FENCED);
              }
              Row p = rows.iterator().next();
              byte[] started =
                  EventCodec.encode(
                      new Event.RunStarted(
                          end.successorId(),
                          p.getString("namespace"),
                          p.getString("workflow_type"),
                          end.input(),
                          Values.instant(p.getOffsetDateTime("now"))));
              return conn.preparedQuery(CONTINUE)
                  .execute(
                      Tuple.of(
                              runId,
                              end.successorId(),
                              Buffer.buffer(started),
                              NewRun.hash(end.input()),
                              version,
                              consumed)
                          .addValue(attributes));
            });
  }

  Future<CommitResult> commit(StepCommit c) {
    var end = (Event.RunContinued) c.outcome().terminal();
    Long[] consumed =
        c.outcome().consumed().stream()
            .filter(InboxItem.Signal.class::isInstance)
            .map(InboxItem::id)
            .toArray(Long[]::new);
    return pool.withTransaction(
            conn ->
                continueRun(
                        conn,
                        c.runId(),
                        end,
                        c.successorVersion(),
                        consumed,
                        RunWrites.attributes(c.outcome()))
                    .compose(
                        created ->
                            conn.preparedQuery(RunSql.COMMIT)
                                .execute(RunWrites.commitArgs(List.of(c))))
                    .compose(
                        rows -> {
                          for (Row r : rows) {
                            if ("r".equals(r.getString("kind"))) {
                              return Future.succeededFuture(
                                  new CommitResult(
                                      c.expectedLastSeq() + c.outcome().events().size(),
                                      List.of()));
                            }
                          }
                          return Future.<CommitResult>failedFuture(FENCED);
                        }))
        .onSuccess(r -> notices.publish(new JournalNotice.RunReady(end.successorId())));
  }
}
