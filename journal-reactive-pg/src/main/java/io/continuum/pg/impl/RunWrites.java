package io.continuum.pg.impl;

import io.continuum.RunConflict;
import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.replay.StepOutcome;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.CommitResult;
import io.continuum.journal.FencedException;
import io.continuum.journal.Lease;
import io.continuum.journal.NewRun;
import io.continuum.journal.StartResult;
import io.continuum.journal.StepCommit;
import io.continuum.journal.TaskLeasing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The two hot writes: a run's creation with its first step, and a step's commit. */
final class RunWrites {
  private static final String[] STEPPABLE =
      Arrays.stream(RunState.values())
          .filter(RunState::canStep)
          .map(RunState::wireName)
          .toArray(String[]::new);

  private final Pool pool;
  private final PgNotices notices;
  private final RunOps runs;

  RunWrites(Pool pool, PgNotices notices, RunOps runs) {
    this.pool = pool;
    this.notices = notices;
    this.runs = runs;
  }

  Future<StartResult> start(
      NewRun run, StepOutcome step, String owner, Duration ttl, TaskLeasing leasing) {
    if (!RunState.RUNNING.canMoveTo(step.state())) {
      return Future.failedFuture(
          new FencedException("start", run.runId(), FencedException.Reason.ILLEGAL_TRANSITION));
    }
    List<Event> events = new ArrayList<>();
    events.add(
        new Event.RunStarted(
            run.runId(), run.namespace(), run.workflowType(), run.input(), run.startedAt()));
    events.addAll(step.events());
    StepColumns c = new StepColumns(step);
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
            .addValue(step.state().isTerminal())
            .addValue(owner)
            .addValue(ttl.toMillis());
    StepColumns.events(args, 0, events);
    c.tasksAndTimers(args);
    args.addValue(c.leasedFlags(leasing)).addValue(leasing == null ? 0L : leasing.ttl().toMillis());
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
              List<ActivityTask> leased = c.leased(run.runId(), (JsonArray) r.getValue("leased"));
              c.publish(notices, leased.size());
              return Future.succeededFuture(
                  new StartResult(true, lease, events.size(), null, leased));
            });
  }

  private Future<StartResult> existing(NewRun run) {
    return runs.run(run.runId())
        .map(
            r -> {
              if (!r.workflowType().equals(run.workflowType())) {
                throw new RunConflict(run.runId(), "workflow type '" + r.workflowType() + "'");
              }
              if (!r.inputHash().equals(run.inputHash())) {
                throw new RunConflict(run.runId(), "a different input");
              }
              return new StartResult(false, null, r.lastSeq(), r, List.of());
            });
  }

  Future<CommitResult> commit(StepCommit commit) {
    StepOutcome step = commit.outcome();
    if (!RunState.RUNNING.canMoveTo(step.state())) {
      return Future.failedFuture(
          new FencedException("commit", commit.runId(), FencedException.Reason.ILLEGAL_TRANSITION));
    }
    int lastSeq = commit.expectedLastSeq() + step.events().size();
    StepColumns c = new StepColumns(step);
    TaskLeasing leasing = commit.leasing();
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
    args.addValue(c.leasedFlags(leasing))
        .addValue(leasing == null ? null : leasing.owner())
        .addValue(leasing == null ? 0L : leasing.ttl().toMillis());
    c.results(args);
    return pool.preparedQuery(RunSql.COMMIT)
        .execute(args)
        .compose(
            rows -> {
              Row r = rows.iterator().next();
              if (r.getLong("committed") != 1) {
                return fenced(commit);
              }
              List<ActivityTask> leased =
                  c.leased(commit.runId(), (JsonArray) r.getValue("leased"));
              c.publish(notices, leased.size());
              return Future.succeededFuture(new CommitResult(lastSeq, leased));
            });
  }

  // The commit matched no row: say why, as the in-memory journal would.
  private Future<CommitResult> fenced(StepCommit commit) {
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
}
