package io.continuum.pg.impl;

import io.continuum.RunConflict;
import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.StepOutcome;
import io.continuum.journal.CancelResult;
import io.continuum.journal.FencedException;
import io.continuum.journal.Inbox;
import io.continuum.journal.JournalNotice;
import io.continuum.journal.Lease;
import io.continuum.journal.NewRun;
import io.continuum.journal.RenewResult;
import io.continuum.journal.RunRecord;
import io.continuum.journal.StartResult;
import io.continuum.journal.StepCommit;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Runs, histories, inboxes, signals, cancels and leases on Postgres. */
final class RunOps {
  private static final String[] STEPPABLE =
      Arrays.stream(RunState.values())
          .filter(RunState::canStep)
          .map(RunState::wireName)
          .toArray(String[]::new);

  private final Pool pool;
  private final PgNotices notices;

  RunOps(Pool pool, PgNotices notices) {
    this.pool = pool;
    this.notices = notices;
  }

  Future<StartResult> start(NewRun run, StepOutcome step, String owner, Duration ttl) {
    if (!RunState.RUNNING.canMoveTo(step.state())) {
      return Future.failedFuture(
          new FencedException("start", run.runId(), FencedException.Reason.ILLEGAL_TRANSITION));
    }
    List<Event> events = new ArrayList<>();
    events.add(new Event.RunStarted(run.runId(), run.namespace(), run.workflowType(), run.input()));
    events.addAll(step.events());
    StepColumns c = StepColumns.of(run.runId(), 0, step);
    boolean terminal = step.state().isTerminal();
    Tuple args =
        Tuple.of(
                run.runId(),
                run.workflowType(),
                run.namespace(),
                step.state().wireName(),
                events.size(),
                run.inputHash())
            .addValue(run.attributes().jsonText())
            .addValue(c.attributes)
            .addValue(c.result)
            .addValue(c.failure)
            .addValue(terminal)
            .addValue(owner)
            .addValue(ttl.toMillis());
    StepColumns.events(args, 0, events);
    c.tasksAndTimers(args);
    return pool.preparedQuery(RunSql.START)
        .execute(args)
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return existing(run);
              }
              Row r = rows.iterator().next();
              Long token = r.getLong("lease_token");
              Lease lease =
                  token == null
                      ? null
                      : new Lease(
                          run.runId(),
                          owner,
                          token,
                          Values.instant(r.getOffsetDateTime("lease_expires_at")));
              c.publish(notices);
              return Future.succeededFuture(new StartResult(true, lease, events.size(), null));
            });
  }

  private Future<StartResult> existing(NewRun run) {
    return run(run.runId())
        .map(
            r -> {
              if (!r.workflowType().equals(run.workflowType())) {
                throw new RunConflict(run.runId(), "workflow type '" + r.workflowType() + "'");
              }
              if (!r.inputHash().equals(run.inputHash())) {
                throw new RunConflict(run.runId(), "a different input");
              }
              return new StartResult(false, null, r.lastSeq(), r);
            });
  }

  Future<Integer> commit(StepCommit commit) {
    StepOutcome step = commit.outcome();
    if (!RunState.RUNNING.canMoveTo(step.state())) {
      return Future.failedFuture(
          new FencedException("commit", commit.runId(), FencedException.Reason.ILLEGAL_TRANSITION));
    }
    int lastSeq = commit.expectedLastSeq() + step.events().size();
    StepColumns c = StepColumns.of(commit.runId(), commit.expectedLastSeq(), step);
    Tuple args =
        Tuple.of(
                commit.runId(),
                commit.leaseToken(),
                commit.expectedLastSeq(),
                step.state().wireName(),
                lastSeq,
                STEPPABLE)
            .addValue(step.state().isTerminal())
            .addValue(step.state() == RunState.DRIFTED)
            .addValue(c.attributes)
            .addValue(c.result)
            .addValue(c.failure)
            .addValue(step.drift() == null ? null : step.drift().getMessage());
    StepColumns.events(args, commit.expectedLastSeq(), step.events());
    c.consumed(args);
    c.tasksAndTimers(args);
    return pool.preparedQuery(RunSql.COMMIT)
        .execute(args)
        .compose(
            rows -> {
              if (rows.iterator().next().getLong("committed") == 1) {
                c.publish(notices);
                return Future.succeededFuture(lastSeq);
              }
              return fenced(commit);
            });
  }

  // The commit matched no row: say why, as the in-memory journal would.
  private Future<Integer> fenced(StepCommit commit) {
    return pool.preparedQuery(RunSql.FENCE)
        .execute(Tuple.of(commit.runId()))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(new RunNotFound(commit.runId()));
              }
              Row r = rows.iterator().next();
              RunState state = RunState.fromWireName(r.getString("state"));
              Long token = r.getLong("lease_token");
              FencedException.Reason reason =
                  state.isTerminal()
                      ? FencedException.Reason.RUN_TERMINAL
                      : token == null || token != commit.leaseToken()
                          ? FencedException.Reason.LEASE_LOST
                          : r.getInteger("last_seq") != commit.expectedLastSeq()
                              ? FencedException.Reason.STALE_SEQ
                              : FencedException.Reason.ILLEGAL_TRANSITION;
              return Future.failedFuture(new FencedException("commit", commit.runId(), reason));
            });
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

  Future<List<HistoryEvent>> history(String runId, int afterSeq) {
    return pool.preparedQuery(RunSql.HISTORY)
        .execute(Tuple.of(runId, afterSeq))
        .compose(
            rows -> {
              List<HistoryEvent> events = new ArrayList<>(rows.size());
              rows.forEach(r -> events.add(Rows.event(r)));
              return events.isEmpty()
                  ? run(runId).map(r -> events)
                  : Future.succeededFuture(events);
            });
  }

  Future<Inbox> inbox(String runId) {
    return pool.preparedQuery(RunSql.INBOX)
        .execute(Tuple.of(runId))
        .map(
            rows -> {
              List<InboxItem> items = new ArrayList<>();
              Instant now = null;
              for (Row r : rows) {
                InboxItem item = Rows.inboxItem(r);
                if (item != null) {
                  items.add(item);
                } else if (r.getString("name") == null) {
                  throw new RunNotFound(runId);
                } else {
                  now = Values.instant(r.getOffsetDateTime("at"));
                }
              }
              return new Inbox(items, now);
            });
  }

  Future<Long> signal(String runId, String name, Payload payload) {
    return pool.preparedQuery(RunSql.SIGNAL)
        .execute(Tuple.of(runId, name, Values.bytes(payload)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return stateOf(runId)
                    .compose(state -> Future.failedFuture(new RunTerminal(runId, state)));
              }
              notices.publish(new JournalNotice.RunReady(runId));
              return Future.succeededFuture(rows.iterator().next().getLong("id"));
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

  Future<CancelResult> cancel(String runId, String reason) {
    byte[] event = EventCodec.encode(new Event.RunCancelled(reason));
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
                          if (state == RunState.CANCELLED) {
                            return Future.succeededFuture(CancelResult.ALREADY_CANCELLED);
                          }
                          if (state.isTerminal()) {
                            return Future.failedFuture(new RunTerminal(runId, state));
                          }
                          if (r.getBoolean("leased")) {
                            return conn.preparedQuery(RunSql.REQUEST_CANCEL)
                                .execute(Tuple.of(runId, reason))
                                .map(CancelResult.REQUESTED);
                          }
                          return conn.preparedQuery(RunSql.CANCEL_NOW)
                              .execute(Tuple.of(runId, io.vertx.core.buffer.Buffer.buffer(event)))
                              .map(CancelResult.CANCELLED);
                        }))
        .onSuccess(
            result -> {
              if (result == CancelResult.REQUESTED) {
                notices.publish(new JournalNotice.RunReady(runId));
              }
            });
  }

  Future<List<Lease>> claim(String owner, int limit, Duration ttl, Collection<String> exclude) {
    return pool.preparedQuery(RunSql.CLAIM)
        .execute(Tuple.of(owner, ttl.toMillis(), exclude.toArray(new String[0]), limit))
        .map(
            rows -> {
              List<Lease> leases = new ArrayList<>(rows.size());
              for (Row r : rows) {
                leases.add(
                    new Lease(
                        r.getString("id"),
                        owner,
                        r.getLong("lease_token"),
                        Values.instant(r.getOffsetDateTime("lease_expires_at"))));
              }
              return leases;
            });
  }

  Future<RenewResult> renew(String owner, Duration ttl) {
    return pool.preparedQuery(RunSql.RENEW)
        .execute(Tuple.of(owner, ttl.toMillis(), RenewResult.MAX_WAITING))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              String[] waiting = r.getArrayOfStrings("waiting");
              return new RenewResult(
                  r.getLong("renewed").intValue(), waiting == null ? List.of() : List.of(waiting));
            });
  }

  Future<Void> release(String owner, Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(RunSql.RELEASE)
        .execute(Tuple.tuple().addValue(owner).addValue(runIds.toArray(new String[0])))
        .map(
            rows -> {
              publishWaiting(rows);
              return null;
            });
  }

  private void publishWaiting(RowSet<Row> rows) {
    for (Row r : rows) {
      if (r.getBoolean("waiting")) {
        notices.publish(new JournalNotice.RunReady(r.getString("id")));
      }
    }
  }
}
