package io.continuum.pg.impl;

import io.continuum.RunConflict;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The two hot writes, a run's creation with its first step and a step's commit, sent in batches by
 * {@link GroupCommit}.
 */
final class RunWrites {
  private static final String[] STEPPABLE =
      Arrays.stream(RunState.values())
          .filter(RunState::canStep)
          .map(RunState::wireName)
          .toArray(String[]::new);

  private final Pool pool;
  private final PgNotices notices;
  private final RunOps runs;
  private final GroupCommit.Lane<StartWrite> starts = new GroupCommit.Lane<>(this::sendStarts);
  private final GroupCommit.Lane<CommitWrite> commits = new GroupCommit.Lane<>(this::sendCommits);
  private final GroupCommit group;
  private final ChainWrites chains;
  private final RunDeadlines deadlines;
  private final FamilyWakes family;
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();

  RunWrites(Pool pool, PgNotices notices, RunOps runs, int batchSlots) {
    this.pool = pool;
    this.notices = notices;
    this.runs = runs;
    this.group = new GroupCommit(batchSlots, List.of(starts, commits));
    this.deadlines = new RunDeadlines(pool, notices);
    this.chains = new ChainWrites(pool, notices, deadlines);
    this.family = new FamilyWakes(pool, notices);
  }

  private static final class StartWrite extends GroupCommit.Write<StartResult> {
    final NewRun run;
    final StepOutcome step;
    final String owner;
    final Duration ttl;
    final TaskLeasing leasing;

    StartWrite(NewRun run, StepOutcome step, String owner, Duration ttl, TaskLeasing leasing) {
      this.run = run;
      this.step = step;
      this.owner = owner;
      this.ttl = ttl;
      this.leasing = leasing;
    }

    @Override
    String runId() {
      return run.runId();
    }
  }

  Future<StartResult> start(
      NewRun run, StepOutcome step, String owner, Duration ttl, TaskLeasing leasing) {
    if (run.delayed() != (step == null)) {
      return Future.failedFuture(
          new IllegalArgumentException("a delayed start has no first step, others have one"));
    }
    if (run.delayed()) {
      return deadlines
          .startLater(run)
          .compose(
              created ->
                  created
                      ? Future.succeededFuture(new StartResult(true, null, 1, null, List.of()))
                      : existing(run));
    }
    if (!RunState.RUNNING.canMoveTo(step.state())) {
      return Future.failedFuture(
          new FencedException("start", run.runId(), FencedException.Reason.ILLEGAL_TRANSITION));
    }
    if (ChainWrites.needed(step) || run.executionTimeout() != null) {
      // a first step that starts children or continues at once, or a run with a deadline: new
      // runs and timers in the same transaction
      var write = new StartWrite(run, step, owner, ttl, leasing);
      chains
          .start(run, step, startArgs(List.of(write)))
          .onComplete(
              ar -> {
                if (ar.succeeded()) {
                  started(List.of(write), Answer.of(ar.result()));
                } else {
                  write.settle(Future.failedFuture(ar.cause()));
                }
              });
      return write.future();
    }
    return group.submit(starts, new StartWrite(run, step, owner, ttl, leasing));
  }

  Future<CommitResult> commit(StepCommit commit) {
    if (!RunState.RUNNING.canMoveTo(commit.outcome().state())) {
      return Future.failedFuture(
          new FencedException("commit", commit.runId(), FencedException.Reason.ILLEGAL_TRANSITION));
    }
    if (ChainWrites.needed(commit.outcome())) {
      var write = new CommitWrite(commit);
      chains
          .commit(commit)
          .onComplete(
              ar -> {
                if (ar.succeeded()) {
                  committed(List.of(write), Answer.of(ar.result()));
                } else if (ar.cause() == ChainWrites.FENCED) {
                  fenced(commit).onComplete(write::settle);
                } else {
                  write.settle(Future.failedFuture(ar.cause()));
                }
              });
      return write.future();
    }
    return group.submit(commits, new CommitWrite(commit));
  }

  private Future<?> sendStarts(List<StartWrite> batch) {
    return send(RunSql.START, startArgs(batch), batch, this::sendStarts, this::started);
  }

  private static Tuple startArgs(List<StartWrite> batch) {
    int n = batch.size();
    String[] ids = new String[n];
    String[] types = new String[n];
    String[] namespaces = new String[n];
    String[] states = new String[n];
    Integer[] lastSeqs = new Integer[n];
    String[] hashes = new String[n];
    String[] initial = new String[n];
    String[] attributes = new String[n];
    Buffer[] results = new Buffer[n];
    String[] failures = new String[n];
    Boolean[] terminal = new Boolean[n];
    String[] owners = new String[n];
    Long[] ttls = new Long[n];
    String[] versions = new String[n];
    String[] signalNames = new String[n];
    Buffer[] signalPayloads = new Buffer[n];
    StepColumns columns = new StepColumns();
    for (int i = 0; i < n; i++) {
      StartWrite w = batch.get(i);
      NewRun run = w.run;
      StepOutcome step = w.step;
      List<Event> events = new ArrayList<>(step.events().size() + 1);
      events.add(
          new Event.RunStarted(
              run.runId(), run.namespace(), run.workflowType(), run.input(), run.startedAt()));
      events.addAll(step.events());
      ids[i] = run.runId();
      types[i] = run.workflowType();
      namespaces[i] = run.namespace();
      states[i] = step.state().wireName();
      lastSeqs[i] = events.size();
      hashes[i] = run.inputHash();
      initial[i] = run.attributes().jsonText();
      attributes[i] = attributes(step);
      results[i] = result(step);
      failures[i] = failure(step);
      terminal[i] = step.state().isTerminal();
      owners[i] = w.owner;
      ttls[i] = w.ttl.toMillis();
      versions[i] = run.versionHash();
      if (run.signal() != null) {
        signalNames[i] = run.signal().name();
        signalPayloads[i] = Values.bytes(run.signal().payload());
      }
      columns.events(i + 1, 0, events);
      columns.tasksAndTimers(i + 1, step, w.leasing);
    }
    Tuple args =
        Tuple.of(ids, types, namespaces, states, lastSeqs, hashes)
            .addValue(initial)
            .addValue(attributes)
            .addValue(results)
            .addValue(failures)
            .addValue(terminal)
            .addValue(owners)
            .addValue(ttls);
    columns.addNewWork(args);
    args.addValue(versions); // $31
    args.addValue(signalNames); // $32
    args.addValue(signalPayloads); // $33
    return args;
  }

  private void started(List<StartWrite> batch, Answer created) {
    for (StartWrite w : batch) {
      Row r = created.runs.get(w.run.runId());
      if (r == null) {
        existing(w.run).onComplete(w::settle);
        continue;
      }
      Long token = r.getLong("lease_token");
      Lease lease =
          token == null
              ? null
              : new Lease(
                  w.run.runId(),
                  w.owner,
                  token,
                  Values.instant(r.getOffsetDateTime("lease_expires_at")));
      List<ActivityTask> leased =
          StepColumns.leased(w.run.runId(), w.step, created.leased.get(w.run.runId()));
      StepColumns.publish(notices, w.step, leased.size());
      int lastSeq = w.step.events().size() + 1;
      w.settle(Future.succeededFuture(new StartResult(true, lease, lastSeq, null, leased)));
    }
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

  private static final class CommitWrite extends GroupCommit.Write<CommitResult> {
    final StepCommit commit;

    CommitWrite(StepCommit commit) {
      this.commit = commit;
    }

    @Override
    String runId() {
      return commit.runId();
    }
  }

  private Future<?> sendCommits(List<CommitWrite> batch) {
    Tuple args = commitArgs(batch.stream().map(w -> w.commit).toList());
    return send(RunSql.COMMIT, args, batch, this::sendCommits, this::committed);
  }

  /** The arguments of {@link RunSql#COMMIT} for a batch of commits. */
  static Tuple commitArgs(List<StepCommit> batch) {
    int n = batch.size();
    String[] ids = new String[n];
    Long[] tokens = new Long[n];
    Integer[] expected = new Integer[n];
    String[] states = new String[n];
    Integer[] lastSeqs = new Integer[n];
    Boolean[] terminal = new Boolean[n];
    Boolean[] drifted = new Boolean[n];
    String[] attributes = new String[n];
    Buffer[] results = new Buffer[n];
    String[] failures = new String[n];
    String[] drifts = new String[n];
    List<Integer> snapshotItems = new ArrayList<>();
    List<Integer> snapshotSeqs = new ArrayList<>();
    List<Integer> snapshotFormats = new ArrayList<>();
    List<Buffer> snapshotData = new ArrayList<>();
    StepColumns columns = new StepColumns();
    for (int i = 0; i < n; i++) {
      StepCommit c = batch.get(i);
      if (c.snapshot() != null) {
        snapshotItems.add(i + 1);
        snapshotSeqs.add(c.snapshot().seq());
        snapshotFormats.add(c.snapshot().formatVersion());
        snapshotData.add(Buffer.buffer(c.snapshot().data()));
      }
      StepOutcome step = c.outcome();
      ids[i] = c.runId();
      tokens[i] = c.leaseToken();
      expected[i] = c.expectedLastSeq();
      states[i] = step.state().wireName();
      lastSeqs[i] = c.expectedLastSeq() + step.events().size();
      terminal[i] = step.state().isTerminal();
      drifted[i] = step.state() == RunState.DRIFTED;
      attributes[i] = attributes(step);
      results[i] = result(step);
      failures[i] = failure(step);
      drifts[i] = step.drift() == null ? null : step.drift().getMessage();
      columns.events(i + 1, c.expectedLastSeq(), step.events());
      columns.consumed(i + 1, step);
      columns.tasksAndTimers(i + 1, step, c.leasing());
    }
    Tuple args =
        Tuple.of(ids, tokens, expected, states, lastSeqs, terminal)
            .addValue(drifted)
            .addValue(attributes)
            .addValue(results)
            .addValue(failures)
            .addValue(drifts)
            .addValue(STEPPABLE);
    columns.addConsumed(args);
    columns.addNewWork(args);
    columns.addResults(args);
    args.addValue(snapshotItems.toArray(new Integer[0])) // $36
        .addValue(snapshotSeqs.toArray(new Integer[0]))
        .addValue(snapshotFormats.toArray(new Integer[0]))
        .addValue(snapshotData.toArray(new Buffer[0]));
    return args;
  }

  private void committed(List<CommitWrite> batch, Answer done) {
    for (CommitWrite w : batch) {
      StepCommit c = w.commit;
      Row r = done.runs.get(c.runId());
      if (r == null) {
        fenced(c).onComplete(w::settle);
        continue;
      }
      List<ActivityTask> leased =
          StepColumns.leased(c.runId(), c.outcome(), done.leased.get(c.runId()));
      StepColumns.publish(notices, c.outcome(), leased.size());
      family.ended(c.runId(), c.outcome().state(), r.getString("parent"), r.getBoolean("family"));
      int lastSeq = c.expectedLastSeq() + c.outcome().events().size();
      w.settle(Future.succeededFuture(new CommitResult(lastSeq, leased)));
    }
  }

  /**
   * Runs one batch statement and hands its rows (by run id) to {@code done}. A statement Postgres
   * rejected for its data was rolled back, so when a batch of several fails that way each write is
   * sent again alone: one write's bad data must not fail the others. A transient refusal (a lock or
   * statement timeout, a deadlock, the server shutting down) would only repeat, one wait per write:
   * it fails every write of the batch, each retried by its owner with backoff. Any other failure (a
   * lost connection) may or may not have committed, and is every write's to resolve.
   */
  private <W extends GroupCommit.Write<?>> Future<?> send(
      String sql,
      Tuple args,
      List<W> batch,
      Function<List<W>, Future<?>> resend,
      RowsHandler<W> done) {
    statements.incrementAndGet();
    writes.addAndGet(batch.size());
    return pool.preparedQuery(sql)
        .execute(args)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                done.handle(batch, Answer.of(ar.result()));
              } else if (batch.size() > 1
                  && ar.cause() instanceof PgException pg
                  && !PgErrors.transientState(pg.getSqlState())) {
                return oneByOne(batch, resend, 0);
              } else {
                batch.forEach(w -> w.settle(Future.failedFuture(ar.cause())));
              }
              return Future.succeededFuture();
            });
  }

  /** Start and commit statements sent so far. */
  long statements() {
    return statements.get();
  }

  /** Starts and commits sent so far (a write resent alone counts twice). */
  long writes() {
    return writes.get();
  }

  private static <W> Future<?> oneByOne(List<W> batch, Function<List<W>, Future<?>> resend, int i) {
    return i == batch.size()
        ? Future.succeededFuture()
        : resend.apply(List.of(batch.get(i))).transform(ar -> oneByOne(batch, resend, i + 1));
  }

  private interface RowsHandler<W> {
    void handle(List<W> batch, Answer answer);
  }

  /** A batch statement's answer: the row of each run written, the leased-task rows by run. */
  private record Answer(Map<String, Row> runs, Map<String, List<Row>> leased) {
    static Answer of(RowSet<Row> rows) {
      Map<String, Row> runs = new HashMap<>();
      Map<String, List<Row>> leased = new HashMap<>();
      for (Row r : rows) {
        if (r.getString("kind").equals("r")) {
          runs.put(r.getString("id"), r);
        } else {
          leased.computeIfAbsent(r.getString("id"), id -> new ArrayList<>(2)).add(r);
        }
      }
      return new Answer(runs, leased);
    }
  }

  static String attributes(StepOutcome step) {
    return step.attributes() == null ? null : step.attributes().jsonText();
  }

  private static Buffer result(StepOutcome step) {
    return step.terminal() instanceof Event.RunCompleted c ? Values.bytes(c.result()) : null;
  }

  private static String failure(StepOutcome step) {
    return step.terminal() instanceof Event.RunFailed f ? Values.json(f.failure()).encode() : null;
  }

  private Future<CommitResult> fenced(StepCommit commit) {
    return CommitFences.explain(pool, commit);
  }
}
