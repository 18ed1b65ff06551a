package io.continuum.pg.impl;

import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.journal.CancelResult;
import io.continuum.journal.Inbox;
import io.continuum.journal.JournalNotice;
import io.continuum.journal.Resumption;
import io.continuum.journal.RunRecord;
import io.continuum.journal.StoredSnapshot;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Runs, histories, inboxes, signals, cancels and leases on Postgres. */
final class RunOps {
  private final Pool pool;
  private final PgNotices notices;
  private final FamilyWakes family;

  RunOps(Pool pool, PgNotices notices) {
    this.pool = pool;
    this.notices = notices;
    this.family = new FamilyWakes(pool, notices);
  }

  Future<RunRecord> run(String runId) {
    return pool.preparedQuery(RunSql.RUN)
        .execute(Tuple.of(runId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new RunNotFound(runId);
              }
              return Rows.run(rows.iterator().next());
            });
  }

  Future<String> leaseHolder(String runId) {
    return pool.preparedQuery(RunSql.LEASE_HOLDER)
        .execute(Tuple.of(runId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  Future<RunRecord> tip(String runId) {
    return pool.preparedQuery(RunSql.TIP)
        .execute(Tuple.of(runId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new RunNotFound(runId);
              }
              return Rows.run(rows.iterator().next());
            });
  }

  Future<List<HistoryEvent>> history(String runId, int afterSeq) {
    return history(runId, afterSeq, Integer.MAX_VALUE);
  }

  Future<List<HistoryEvent>> history(String runId, int afterSeq, int limit) {
    return pool.preparedQuery(RunSql.HISTORY)
        .execute(Tuple.of(runId, afterSeq, limit))
        .compose(
            rows -> {
              List<HistoryEvent> events = new ArrayList<>(rows.size());
              rows.forEach(r -> events.add(Rows.event(r)));
              return events.isEmpty()
                  ? run(runId).map(r -> events)
                  : Future.succeededFuture(events);
            });
  }

  Future<Resumption> resume(String runId) {
    return pool.preparedQuery(RunSql.RESUME)
        .execute(Tuple.of(runId))
        .map(
            rows -> {
              RunRecord run = null;
              StoredSnapshot snapshot = null;
              List<HistoryEvent> tail = new ArrayList<>(rows.size());
              for (Row r : rows) {
                if (r.getValue("seq") != null) {
                  tail.add(Rows.event(r));
                } else {
                  run = Rows.run(r);
                  Integer seq = r.getInteger("snap_seq");
                  if (seq != null) {
                    snapshot =
                        new StoredSnapshot(
                            seq, r.getInteger("snap_format"), r.getBuffer("snap_data").getBytes());
                  }
                }
              }
              if (run == null) {
                throw new RunNotFound(runId);
              }
              return new Resumption(run, snapshot, tail);
            });
  }

  Future<Void> writeSnapshot(String runId, long token, int lastSeq, StoredSnapshot snapshot) {
    return pool.preparedQuery(RunSql.WRITE_SNAPSHOT)
        .execute(
            Tuple.of(
                runId,
                token,
                lastSeq,
                snapshot.seq(),
                snapshot.formatVersion(),
                io.vertx.core.buffer.Buffer.buffer(snapshot.data())))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.<Void>succeededFuture()
                    : CommitFences.explain(pool, "snapshot", runId, token, lastSeq).mapEmpty());
  }

  Future<Inbox> inbox(String runId) {
    return pool.preparedQuery(RunSql.INBOX)
        .execute(Tuple.of(runId))
        .map(
            rows -> {
              List<InboxItem> items = new ArrayList<>();
              Instant now = null;
              RunState state = null;
              long token = 0;
              for (Row r : rows) {
                InboxItem item = Rows.inboxItem(r);
                if (item != null) {
                  items.add(item);
                } else if (r.getString("name") == null) {
                  throw new RunNotFound(runId);
                } else {
                  now = Values.instant(r.getOffsetDateTime("at"));
                  state = RunState.fromWireName(r.getString("name"));
                  token = r.getLong("id");
                }
              }
              return new Inbox(items, now, state, token);
            });
  }

  Future<Long> signal(String runId, String name, Payload payload) {
    return signal(runId, name, payload, 0);
  }

  // No row: the run ended, or its chain's tip just continued (the successor is visible now).
  private Future<Long> signal(String runId, String name, Payload payload, int attempt) {
    return pool.preparedQuery(RunSql.SIGNAL)
        .execute(Tuple.of(runId, name, Values.bytes(payload)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return tip(runId)
                    .compose(
                        tip ->
                            tip.state().isTerminal() || attempt >= 100
                                ? Future.failedFuture(new RunTerminal(tip.runId(), tip.state()))
                                : signal(runId, name, payload, attempt + 1));
              }
              Row row = rows.iterator().next();
              notices.signalled(row.getString("run_id"), row.getString("owner"));
              return Future.succeededFuture(row.getLong("id"));
            });
  }

  Future<String> requestUpdate(String runId, String updateId, String name, Payload input) {
    return requestUpdate(runId, updateId, name, input, 0);
  }

  // No row: the run ended, or its chain's tip just continued (the successor is visible now).
  private Future<String> requestUpdate(
      String runId, String updateId, String name, Payload input, int attempt) {
    return pool.preparedQuery(RunSql.REQUEST_UPDATE)
        .execute(Tuple.of(runId, updateId, name, Values.bytes(input)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return tip(runId)
                    .compose(
                        tip ->
                            tip.state().isTerminal() || attempt >= 100
                                ? Future.failedFuture(new RunTerminal(tip.runId(), tip.state()))
                                : requestUpdate(runId, updateId, name, input, attempt + 1));
              }
              Row row = rows.iterator().next();
              String holder = row.getString("run_id");
              notices.signalled(holder, row.getString("owner"));
              return Future.succeededFuture(holder);
            });
  }

  private Future<RunState> stateOf(String runId) {
    return pool.preparedQuery(RunSql.STATE)
        .execute(Tuple.of(runId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new RunNotFound(runId);
              }
              return RunState.fromWireName(rows.iterator().next().getString("state"));
            });
  }

  // letCodeClean: a run whose code ran (and is not drifted) gets the request even when unleased,
  // so that whoever claims it next throws the cancel into its code.
  Future<CancelResult> cancel(String chainRunId, String reason, boolean letCodeClean) {
    return tip(chainRunId).compose(tip -> cancelTip(chainRunId, tip.runId(), reason, letCodeClean));
  }

  // The tip may continue before the lock is taken: then cancel the new tip.
  private Future<CancelResult> cancelTip(
      String chainRunId, String runId, String reason, boolean letCodeClean) {
    byte[] event = EventCodec.encode(new Event.RunCancelled(reason));
    // the row of a run cancelled here, to wake its family once the transaction committed
    var ended = new java.util.concurrent.atomic.AtomicReference<Row>();
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(RunSql.LOCK_FOR_CANCEL)
                    .execute(Tuple.of(runId))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.failedFuture(new RunNotFound(runId));
                          }
                          Row r = rows.iterator().next();
                          RunState state = RunState.fromWireName(r.getString("state"));
                          if (state == RunState.CONTINUED) {
                            return Future.succeededFuture((CancelResult) null);
                          }
                          if (state == RunState.CANCELLED) {
                            return Future.succeededFuture(CancelResult.ALREADY_CANCELLED);
                          }
                          if (state.isTerminal()) {
                            return Future.failedFuture(new RunTerminal(runId, state));
                          }
                          if (r.getBoolean("leased")
                              || (letCodeClean
                                  && state != RunState.PENDING
                                  && state != RunState.DRIFTED
                                  && r.getBoolean("code"))) {
                            return conn.preparedQuery(RunSql.REQUEST_CANCEL)
                                .execute(Tuple.of(runId, reason))
                                .map(CancelResult.REQUESTED);
                          }
                          return conn.preparedQuery(RunSql.CANCEL_NOW)
                              .execute(Tuple.of(runId, io.vertx.core.buffer.Buffer.buffer(event)))
                              .map(
                                  done -> {
                                    ended.set(done.iterator().next());
                                    return CancelResult.CANCELLED;
                                  });
                        }))
        .compose(
            result ->
                result == null
                    ? cancel(chainRunId, reason, letCodeClean)
                    : Future.succeededFuture(result))
        .onSuccess(
            result -> {
              if (result == CancelResult.REQUESTED) {
                notices.publish(new JournalNotice.RunReady(runId));
              }
              Row row = ended.get();
              if (row != null) {
                family.ended(
                    runId,
                    RunState.CANCELLED,
                    row.getString("parent_run_id"),
                    row.getBoolean("has_children"));
              }
            });
  }

  Future<Void> recordLoadedVersions(
      String node, Collection<io.continuum.journal.LoadedVersion> versions) {
    String[] types = versions.stream().map(v -> v.workflowType()).toArray(String[]::new);
    String[] hashes = versions.stream().map(v -> v.versionHash()).toArray(String[]::new);
    String[] classes = versions.stream().map(v -> v.className()).toArray(String[]::new);
    return pool.withTransaction(
        conn ->
            conn.preparedQuery("DELETE FROM continuum_workflow_versions WHERE node = $1")
                .execute(Tuple.of(node))
                .compose(
                    d ->
                        // One microsecond apart in the order given (per type, oldest version
                        // first), so registered_at tells which version a node runs new runs on.
                        conn.preparedQuery(
                                "INSERT INTO continuum_workflow_versions (workflow_type,"
                                    + " version_hash, node, class_name, registered_at)"
                                    + " SELECT t, h, $1, c,"
                                    + " continuum_now() + (n - 1) * interval '1 microsecond'"
                                    + " FROM unnest($2::text[], $3::text[], $4::text[])"
                                    + " WITH ORDINALITY AS x(t, h, c, n)"
                                    + " ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(node, types, hashes, classes)))
                .<Void>mapEmpty());
  }
}
