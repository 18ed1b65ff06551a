package io.continuum.pg.impl;

import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.InboxItem;
import io.continuum.core.replay.ChildRequest;
import io.continuum.core.replay.StepOutcome;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps that create runs, on Postgres, each in one transaction: the children a step starts (run
 * rows and {@code run_started}, see {@link #CHILDREN}), and for a continue-as-new the successor:
 * lock the predecessor's row, create the successor and move the unconsumed signals and the live
 * children to it. Then the step's ordinary {@link RunSql#START} or {@link RunSql#COMMIT}. When the
 * commit matches no row (fenced) the transaction rolls back, so no child or successor exists. A
 * signal addressed to the predecessor meanwhile waits on the row lock and then finds it {@code
 * continued} (see {@link RunOps#signal}, which retries on the tip).
 */
final class ChainWrites {
  /** The commit matched no row; the caller says why. */
  static final RuntimeException FENCED = new RuntimeException("fenced", null, false, false) {};

  private static final String LOCK =
      "SELECT namespace, workflow_type, parent_run_id, depth, continuum_now() AS now"
          + " FROM continuum_runs WHERE id = $1 FOR UPDATE";

  /**
   * Creates the children of run $1 (item n of $2..$8: id, workflow type, the parent's command seq,
   * input hash, version, attributes, and the encoded run_started): unleased and runnable, one level
   * deeper than the parent; already asked to cancel when the parent's first step started them and
   * ended it (the parent's end preceded them, so its trigger could not). An id another run holds
   * already creates nothing and puts a failed outcome in the parent's inbox instead.
   */
  static final String CHILDREN =
      """
      WITH p AS (SELECT id, namespace, depth, state FROM continuum_runs WHERE id = $1),
      k AS (SELECT * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[],
                                 $7::text[], $8::bytea[]) AS k(id, wt, seq, ih, vh, attrs, ev)),
      ins AS (
        INSERT INTO continuum_runs (id, workflow_type, namespace, state, last_seq, input_hash,
            version_hash, attributes, next_wakeup_at, parent_run_id, parent_seq, depth,
            created_at, updated_at, cancel_requested_at, cancel_reason)
        SELECT k.id, k.wt, p.namespace, 'pending', 1, k.ih, k.vh, k.attrs::jsonb,
            continuum_now(), p.id, k.seq, p.depth + 1, continuum_now(), continuum_now(),
            CASE WHEN p.state IN ('completed', 'failed', 'cancelled') THEN continuum_now() END,
            CASE WHEN p.state IN ('completed', 'failed', 'cancelled')
                 THEN 'parent ''' || p.id || ''' ' || p.state END
        FROM k, p
        ON CONFLICT (id) DO NOTHING
        RETURNING id),
      ev AS (
        INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)
        SELECT k.id, 1, 'run_started', k.ev, continuum_now() FROM k JOIN ins ON ins.id = k.id),
      taken AS (
        INSERT INTO continuum_child_outcomes (run_id, command_seq, child_id, state, failure,
            created_at)
        SELECT $1, k.seq, k.id, 'failed',
            jsonb_build_object('type', 'io.continuum.RunConflict',
                'message', 'run id ''' || k.id || ''' is taken by another run', 'stack', ''),
            continuum_now()
        FROM k WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.id = k.id)),
      hc AS (UPDATE continuum_runs SET has_children = true WHERE id = $1 AND NOT has_children)
      SELECT id FROM ins
      """;

  private static final String CONTINUE =
      """
      WITH p AS (SELECT * FROM continuum_runs WHERE id = $1),
      n AS (
        INSERT INTO continuum_runs (id, workflow_type, namespace, state, last_seq, input_hash,
            version_hash, attributes, next_wakeup_at, correlation_id, continued_from, created_at,
            updated_at, parent_run_id, parent_seq, depth, has_children, execution_deadline)
        SELECT $2, workflow_type, namespace, 'pending', 1, $4, $5,
            attributes || COALESCE($7::text::jsonb, '{}'::jsonb), continuum_now(),
            COALESCE(correlation_id, id), id, continuum_now(), continuum_now(),
            parent_run_id, parent_seq, depth, has_children, execution_deadline
        FROM p RETURNING id, execution_deadline),
      dl AS (
        INSERT INTO continuum_timers (run_id, command_seq, fire_at)
        SELECT id, %d, execution_deadline FROM n WHERE execution_deadline IS NOT NULL),
      mc AS (
        UPDATE continuum_runs SET parent_run_id = $2
        WHERE parent_run_id = $1 AND state NOT IN %s AND EXISTS (SELECT 1 FROM n)),
      ev AS (
        INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)
        SELECT $2, 1, 'run_started', $3, continuum_now() FROM n),
      ms AS (
        UPDATE continuum_signals SET run_id = $2
        WHERE run_id = $1 AND id <> ALL($6::bigint[]) AND EXISTS (SELECT 1 FROM n))
      SELECT id, execution_deadline AS fire_at FROM n
      """
          .formatted(InboxItem.TimerFired.EXECUTION_DEADLINE, RunSql.TERMINAL);

  private final Pool pool;
  private final PgNotices notices;
  private final RunDeadlines deadlines;

  ChainWrites(Pool pool, PgNotices notices, RunDeadlines deadlines) {
    this.pool = pool;
    this.notices = notices;
    this.deadlines = deadlines;
  }

  /** Whether a step must take this path: it starts children or continues as new. */
  static boolean needed(StepOutcome step) {
    return !step.children().isEmpty() || step.terminal() instanceof Event.RunContinued;
  }

  /**
   * Creates a run with its first step ({@link RunSql#START} arguments given), and if it was created
   * the children that step started and its successor, in one transaction; returns the START rows
   * (no 'r' row: the run existed already, nothing written).
   */
  Future<RowSet<Row>> start(NewRun run, StepOutcome step, Tuple startArgs) {
    List<Instant> armed = new ArrayList<>();
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
                            return Future.succeededFuture(rows);
                          }
                          return deadlines
                              .arm(conn, run, armed)
                              .compose(v -> children(conn, run.runId(), step))
                              .compose(
                                  v ->
                                      step.terminal() instanceof Event.RunContinued end
                                          ? continueRun(
                                              conn,
                                              run.runId(),
                                              end,
                                              run.versionHash(),
                                              new Long[0],
                                              null,
                                              armed)
                                          : Future.succeededFuture())
                              .map(rows);
                        }))
        .onSuccess(
            rows -> {
              if (rows.iterator().hasNext()) {
                announce(step);
              }
              deadlines.announce(armed);
            });
  }

  // The new runs are unleased and runnable: tell the dispatchers.
  private void announce(StepOutcome step) {
    for (ChildRequest c : step.children()) {
      notices.publish(new JournalNotice.RunReady(c.childId()));
    }
    if (step.terminal() instanceof Event.RunContinued end) {
      notices.publish(new JournalNotice.RunReady(end.successorId()));
    }
  }

  private static Future<Void> children(SqlConnection conn, String parentId, StepOutcome step) {
    List<ChildRequest> children = step.children();
    if (children.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = children.size();
    String[] ids = new String[n];
    String[] types = new String[n];
    Integer[] seqs = new Integer[n];
    String[] hashes = new String[n];
    String[] versions = new String[n];
    String[] attributes = new String[n];
    Buffer[] started = new Buffer[n];
    for (int i = 0; i < n; i++) {
      ChildRequest c = children.get(i);
      ids[i] = c.childId();
      types[i] = c.started().workflowType();
      seqs[i] = c.seq();
      hashes[i] = c.inputHash();
      versions[i] = c.versionHash();
      attributes[i] = c.attributes().jsonText();
      started[i] = Buffer.buffer(EventCodec.encode(c.started()));
    }
    return conn.preparedQuery(CHILDREN)
        .execute(
            Tuple.of(parentId, ids, types, seqs, hashes, versions)
                .addValue(attributes)
                .addValue(started))
        .mapEmpty();
  }

  // Locks the predecessor's row, creates the successor (with the chain's deadline and its timer)
  // and moves the unconsumed signals.
  private Future<RowSet<Row>> continueRun(
      SqlConnection conn,
      String runId,
      Event.RunContinued end,
      String version,
      Long[] consumed,
      String attributes,
      List<Instant> armed) {
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
                          Values.instant(p.getOffsetDateTime("now")),
                          p.getString("parent_run_id"),
                          p.getInteger("depth")));
              return conn.preparedQuery(CONTINUE)
                  .execute(
                      Tuple.of(
                              runId,
                              end.successorId(),
                              Buffer.buffer(started),
                              NewRun.hash(end.input()),
                              version,
                              consumed)
                          .addValue(attributes))
                  .onSuccess(created -> deadlines.collect(created, armed));
            });
  }

  /**
   * Commits a step that starts children or continues as new, in one transaction; returns the COMMIT
   * rows, or fails with {@link #FENCED} (everything rolled back) when the commit matched no row.
   */
  Future<RowSet<Row>> commit(StepCommit c) {
    StepOutcome step = c.outcome();
    Long[] consumed =
        step.consumed().stream()
            .filter(InboxItem.Signal.class::isInstance)
            .map(InboxItem::id)
            .toArray(Long[]::new);
    List<Instant> armed = new ArrayList<>();
    return pool.withTransaction(
            conn ->
                children(conn, c.runId(), step)
                    .compose(
                        v ->
                            step.terminal() instanceof Event.RunContinued end
                                ? continueRun(
                                    conn,
                                    c.runId(),
                                    end,
                                    c.successorVersion(),
                                    consumed,
                                    RunWrites.attributes(step),
                                    armed)
                                : Future.succeededFuture())
                    .compose(
                        v ->
                            conn.preparedQuery(RunSql.COMMIT)
                                .execute(RunWrites.commitArgs(List.of(c))))
                    .compose(
                        rows -> {
                          for (Row r : rows) {
                            if ("r".equals(r.getString("kind"))) {
                              return Future.succeededFuture(rows);
                            }
                          }
                          return Future.<RowSet<Row>>failedFuture(FENCED);
                        }))
        .onSuccess(
            rows -> {
              announce(step);
              deadlines.announce(armed);
            });
  }
}
