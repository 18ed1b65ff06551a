package io.continuum.journal.memory;

import io.continuum.Failure;
import io.continuum.RunConflict;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.TimerRequest;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.CancelResult;
import io.continuum.journal.CommitResult;
import io.continuum.journal.ExternalCompletion;
import io.continuum.journal.FencedException;
import io.continuum.journal.Inbox;
import io.continuum.journal.Journal;
import io.continuum.journal.JournalListener;
import io.continuum.journal.JournalNotice;
import io.continuum.journal.JournalStats;
import io.continuum.journal.Lease;
import io.continuum.journal.LoadedVersion;
import io.continuum.journal.NewRun;
import io.continuum.journal.RenewResult;
import io.continuum.journal.Resumption;
import io.continuum.journal.RunRecord;
import io.continuum.journal.RunSearch;
import io.continuum.journal.StartResult;
import io.continuum.journal.StepCommit;
import io.continuum.journal.StoredSnapshot;
import io.continuum.journal.SweepResult;
import io.continuum.journal.TaskBeat;
import io.continuum.journal.TaskHeartbeat;
import io.continuum.journal.TaskLeasing;
import io.continuum.journal.TaskOutcome;
import io.continuum.journal.TimerEntry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A {@link Journal} in the JVM's memory: for tests, the test kit and {@code dev --in-memory}. It
 * keeps every rule of the Postgres journal (fencing, atomic steps, journal-clock time), so code
 * that passes on it behaves the same on Postgres; it forgets everything when the JVM stops. Several
 * engines may share one instance, as several nodes share one database.
 *
 * <pre>{@code
 * Journal journal = InMemoryJournal.create();                 // system clock
 * var clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
 * InMemoryJournal testJournal = InMemoryJournal.create(clock); // time moves when the test says
 * }</pre>
 */
public final class InMemoryJournal implements Journal {

  private final MemoryStore store;
  private final MemoryTasks tasks;
  private final MemoryLeases leases;
  private final MemoryChains chains;
  private final MemoryChildren children;

  private InMemoryJournal(Clock clock) {
    this.store = new MemoryStore(clock);
    this.tasks = new MemoryTasks(store);
    this.leases = new MemoryLeases(store);
    this.children = new MemoryChildren(store);
    this.chains = new MemoryChains(store, children, tasks);
  }

  /** A journal on the system UTC clock. */
  public static InMemoryJournal create() {
    return new InMemoryJournal(Clock.systemUTC());
  }

  /** A journal whose time is {@code clock}. */
  public static InMemoryJournal create(Clock clock) {
    return new InMemoryJournal(clock);
  }

  @Override
  public Clock clock() {
    return store.clock;
  }

  private Instant now() {
    return store.clock.instant();
  }

  @Override
  public Future<StartResult> start(
      NewRun run, StepOutcome step, String owner, Duration ttl, TaskLeasing leasing) {
    return store.run(
        tx -> {
          MemoryRun existing = store.runs.get(run.runId());
          if (existing != null) {
            if (!existing.workflowType.equals(run.workflowType())) {
              throw new RunConflict(run.runId(), "workflow type '" + existing.workflowType + "'");
            }
            if (!existing.inputHash.equals(run.inputHash())) {
              throw new RunConflict(run.runId(), "a different input");
            }
            return new StartResult(false, null, existing.lastSeq(), existing.record(), List.of());
          }
          Instant now = now();
          if (run.delayed() != (step == null)) {
            throw new IllegalArgumentException(
                "a delayed start has no first step, others have one");
          }
          if (step != null) {
            checkStepState(run.runId(), RunState.PENDING, step.state(), "start");
            chains.checkFree(run.runId(), step);
          }
          var row =
              new MemoryRun(
                  run.runId(),
                  run.workflowType(),
                  run.namespace(),
                  run.inputHash(),
                  run.versionHash(),
                  now,
                  run.attributes());
          row.state = RunState.PENDING;
          row.events.add(
              new HistoryEvent(
                  1,
                  now,
                  new Event.RunStarted(
                      run.runId(),
                      run.namespace(),
                      run.workflowType(),
                      run.input(),
                      run.startedAt())));
          store.runs.put(run.runId(), row);
          if (run.delayed()) {
            return startLater(tx, row, run, now);
          }
          armDeadline(tx, row, run, now);
          row.leaseOwner = owner;
          row.leaseToken = store.nextToken();
          row.leaseExpiresAt = now.plus(ttl);
          Lease lease = new Lease(run.runId(), owner, row.leaseToken, row.leaseExpiresAt);
          List<ActivityTask> leased = apply(tx, row, step, now, leasing, run.versionHash());
          if (run.signal() != null && !row.state.isTerminal()) {
            row.inbox.add(
                new InboxItem.Signal(store.nextId(), run.signal().name(), run.signal().payload()));
            tx.notice(new JournalNotice.RunReady(row.runId));
          }
          return new StartResult(
              true, row.state.isTerminal() ? null : lease, row.lastSeq(), null, leased);
        });
  }

  // A delayed run waits, unleased and PENDING, for its start timer; nothing before it makes it
  // claimable (MemoryRun.claimableAt), so a signal that came with the start just waits in its
  // inbox.
  private StartResult startLater(MemoryStore.Tx tx, MemoryRun row, NewRun run, Instant now) {
    row.startAt = now.plus(run.startDelay());
    tasks.arm(tx, row.runId, List.of(new TimerRequest(InboxItem.TimerFired.START, row.startAt)));
    armDeadline(tx, row, run, row.startAt);
    if (run.signal() != null) {
      row.inbox.add(
          new InboxItem.Signal(store.nextId(), run.signal().name(), run.signal().payload()));
    }
    return new StartResult(true, null, row.lastSeq(), null, List.of());
  }

  // The chain's deadline counts from the run's start; a terminal first step discards its timer.
  private void armDeadline(MemoryStore.Tx tx, MemoryRun row, NewRun run, Instant startsAt) {
    if (run.executionTimeout() != null) {
      row.executionDeadline = startsAt.plus(run.executionTimeout());
      tasks.arm(
          tx,
          row.runId,
          List.of(
              new TimerRequest(InboxItem.TimerFired.EXECUTION_DEADLINE, row.executionDeadline)));
    }
  }

  @Override
  public Future<CommitResult> commit(StepCommit c) {
    return store.run(
        tx -> {
          MemoryRun row = store.find(c.runId());
          if (row.state.isTerminal()) {
            throw new FencedException("commit", c.runId(), FencedException.Reason.RUN_TERMINAL);
          }
          if (row.leaseOwner == null || row.leaseToken != c.leaseToken()) {
            throw new FencedException("commit", c.runId(), FencedException.Reason.LEASE_LOST);
          }
          if (row.lastSeq() != c.expectedLastSeq()
              || !consumable(row, c.outcome().consumed())
              || ignoresCancel(row, c.outcome())) {
            throw new FencedException("commit", c.runId(), FencedException.Reason.STALE_SEQ);
          }
          checkStepState(c.runId(), row.state, c.outcome().state(), "commit");
          chains.checkFree(c.runId(), c.outcome());
          List<ActivityTask> leased =
              apply(tx, row, c.outcome(), now(), c.leasing(), c.successorVersion());
          if (c.snapshot() != null && !row.state.isTerminal()) {
            keepNewest(row, c.snapshot());
          }
          return new CommitResult(row.lastSeq(), leased);
        });
  }

  // A step moves the run through RUNNING to its outcome; both hops must be in the table.
  private static void checkStepState(String runId, RunState from, RunState to, String op) {
    if (!from.canMoveTo(RunState.RUNNING) || !RunState.RUNNING.canMoveTo(to)) {
      throw new FencedException(op, runId, FencedException.Reason.ILLEGAL_TRANSITION);
    }
  }

  // A recorded cancel request is binding: while it waits, the run may only end cancelled (a step
  // that read its inbox before the request came must read it again), so that a caller told that
  // its cancel was accepted is never contradicted by another end.
  private static boolean ignoresCancel(MemoryRun row, StepOutcome step) {
    RunState to = step.state();
    return to != RunState.CANCELLED
        && (to.isTerminal() || to == RunState.DRIFTED)
        && row.inbox.stream().anyMatch(InboxItem.CancelRequested.class::isInstance);
  }

  // Consumed items are in the inbox, or results a local worker handed over for leased tasks.
  private boolean consumable(MemoryRun row, List<InboxItem> consumed) {
    for (InboxItem item : consumed) {
      if (!row.inbox.contains(item) && !tasks.isLocalResult(row.runId, item)) {
        return false;
      }
    }
    return true;
  }

  private List<ActivityTask> apply(
      MemoryStore.Tx tx,
      MemoryRun row,
      StepOutcome step,
      Instant now,
      TaskLeasing leasing,
      String successorVersion) {
    for (InboxItem item : step.consumed()) {
      if (!row.inbox.remove(item) && item instanceof InboxItem.ActivityResult local) {
        tasks.consumeLocal(local);
      }
    }
    row.record(step, now);
    children.create(tx, row, step.children(), now);
    if (row.state.isTerminal()) {
      if (step.terminal() instanceof Event.RunContinued c) {
        chains.continueRun(tx, row, c, successorVersion, now);
      }
      end(tx, row);
      return List.of();
    }
    if (row.state == RunState.DRIFTED) {
      row.clearLease();
      return List.of();
    }
    row.drift = null;
    tasks.arm(tx, row.runId, step.timers());
    return tasks.create(tx, row.runId, step.activities(), now, leasing);
  }

  private static void keepNewest(MemoryRun row, StoredSnapshot snapshot) {
    if (row.snapshot == null || row.snapshot.seq() < snapshot.seq()) {
      row.snapshot = snapshot;
    }
  }

  private void end(MemoryStore.Tx tx, MemoryRun row) {
    row.snapshot = null;
    tasks.discard(row.runId);
    row.inbox.clear();
    row.clearLease();
    children.ended(tx, row);
  }

  @Override
  public Future<RunRecord> tip(String runId) {
    return store.run(tx -> chains.tip(store.find(runId)).record());
  }

  @Override
  public Future<RunRecord> run(String runId) {
    return store.run(tx -> store.find(runId).record());
  }

  @Override
  public Future<List<HistoryEvent>> history(String runId, int afterSeq) {
    return store.run(
        tx -> {
          List<HistoryEvent> events = store.find(runId).events;
          return List.copyOf(
              events.subList(Math.min(Math.max(afterSeq, 0), events.size()), events.size()));
        });
  }

  @Override
  public Future<Resumption> resume(String runId) {
    return store.run(
        tx -> {
          MemoryRun row = store.find(runId);
          int after = row.snapshot == null ? 0 : row.snapshot.seq();
          return new Resumption(
              row.record(), row.snapshot, row.events.subList(after, row.events.size()));
        });
  }

  @Override
  public Future<Void> writeSnapshot(
      String runId, long leaseToken, int lastSeq, StoredSnapshot snapshot) {
    return store.run(
        tx -> {
          MemoryRun row = store.find(runId);
          if (row.state.isTerminal()) {
            throw new FencedException("snapshot", runId, FencedException.Reason.RUN_TERMINAL);
          }
          if (row.leaseOwner == null || row.leaseToken != leaseToken) {
            throw new FencedException("snapshot", runId, FencedException.Reason.LEASE_LOST);
          }
          if (row.lastSeq() != lastSeq || snapshot.seq() > lastSeq) {
            throw new FencedException("snapshot", runId, FencedException.Reason.STALE_SEQ);
          }
          keepNewest(row, snapshot);
          return null;
        });
  }

  @Override
  public Future<Void> recordLoadedVersions(String node, Collection<LoadedVersion> versions) {
    return store.run(
        tx -> {
          store.loadedVersions.put(node, List.copyOf(versions));
          return null;
        });
  }

  @Override
  public Future<Map<String, List<LoadedVersion>>> nodeVersions() {
    return store.run(tx -> Map.copyOf(store.loadedVersions));
  }

  /** What each node recorded with {@link #recordLoadedVersions}. */
  public java.util.Map<String, List<LoadedVersion>> loadedVersions() {
    return store.run(tx -> java.util.Map.copyOf(store.loadedVersions)).result();
  }

  @Override
  public Future<List<RunRecord>> query(RunSearch search) {
    return store.run(tx -> MemoryQuery.select(store.runs.values(), search));
  }

  @Override
  public Future<Map<RunState, Long>> countRuns(String namespace) {
    return store.run(
        tx -> {
          Map<RunState, Long> counts = new java.util.EnumMap<>(RunState.class);
          store.runs.values().stream()
              .filter(r -> r.namespace.equals(namespace))
              .forEach(r -> counts.merge(r.state, 1L, Long::sum));
          return counts;
        });
  }

  @Override
  public Future<List<io.continuum.journal.TaskStatus>> pendingTasks(String runId) {
    return store.run(tx -> tasks.pending(runId));
  }

  @Override
  public Future<Map<String, Long>> openRunsByVersion(String namespace) {
    return store.run(
        tx -> {
          Map<String, Long> counts = new java.util.TreeMap<>();
          store.runs.values().stream()
              .filter(r -> r.namespace.equals(namespace) && !r.state.isTerminal())
              .forEach(r -> counts.merge(r.workflowType + "@" + r.versionHash, 1L, Long::sum));
          return counts;
        });
  }

  @Override
  public Future<RunRecord> setAttributes(String runId, Payload attributes) {
    return store.run(
        tx -> {
          MemoryRun row = store.find(runId);
          row.attributes = MemoryStore.mergeObjects(row.attributes, attributes);
          row.updatedAt = now();
          return row.record();
        });
  }

  @Override
  public Future<Inbox> inbox(String runId) {
    return store.run(
        tx -> {
          MemoryRun row = store.find(runId);
          return new Inbox(row.inbox, now(), row.state, row.leaseToken);
        });
  }

  @Override
  public Future<Long> signal(String runId, String name, Payload payload) {
    return store.run(
        tx -> {
          MemoryRun row = chains.tip(store.find(runId));
          if (row.state.isTerminal()) {
            throw new RunTerminal(row.runId, row.state);
          }
          long id = store.nextId();
          row.inbox.add(new InboxItem.Signal(id, name, payload));
          tx.notice(new JournalNotice.RunReady(row.runId));
          return id;
        });
  }

  @Override
  public Future<String> requestUpdate(String runId, String updateId, String name, Payload input) {
    return store.run(
        tx -> {
          MemoryRun row = chains.tip(store.find(runId));
          if (row.state.isTerminal()) {
            throw new RunTerminal(row.runId, row.state);
          }
          boolean queued =
              row.inbox.stream()
                  .anyMatch(
                      i ->
                          i instanceof InboxItem.UpdateRequested u
                              && u.updateId().equals(updateId));
          if (!queued) {
            row.inbox.add(new InboxItem.UpdateRequested(store.nextId(), updateId, name, input));
          }
          tx.notice(new JournalNotice.RunReady(row.runId));
          return row.runId;
        });
  }

  @Override
  public Future<CancelResult> cancel(String runId, String reason) {
    return cancel(runId, reason, false);
  }

  @Override
  public Future<CancelResult> requestCancel(String runId, String reason) {
    return cancel(runId, reason, true);
  }

  private Future<CancelResult> cancel(String runId, String reason, boolean letCodeClean) {
    return store.run(
        tx -> {
          MemoryRun row = chains.tip(store.find(runId));
          if (row.state == RunState.CANCELLED) {
            return CancelResult.ALREADY_CANCELLED;
          }
          if (row.state.isTerminal()) {
            throw new RunTerminal(row.runId, row.state);
          }
          Instant now = now();
          boolean codeCanClean =
              letCodeClean
                  && row.state != RunState.PENDING
                  && row.state != RunState.DRIFTED
                  && loadedSomewhere(row);
          if (row.leasedAt(now) || codeCanClean) {
            if (row.inbox.stream().noneMatch(InboxItem.CancelRequested.class::isInstance)) {
              row.inbox.add(new InboxItem.CancelRequested(store.nextId(), reason));
              tasks.flagCancel(row.runId);
            }
            tx.notice(new JournalNotice.RunReady(row.runId));
            return CancelResult.REQUESTED;
          }
          row.events.add(new HistoryEvent(row.lastSeq() + 1, now, new Event.RunCancelled(reason)));
          row.state = RunState.CANCELLED;
          row.updatedAt = now;
          end(tx, row);
          return CancelResult.CANCELLED;
        });
  }

  // Some node has the run's code: its workflow type, at its version when it has one.
  private boolean loadedSomewhere(MemoryRun row) {
    return store.loadedVersions.values().stream()
        .flatMap(List::stream)
        .anyMatch(
            v ->
                v.workflowType().equals(row.workflowType)
                    && (row.versionHash == null || v.versionHash().equals(row.versionHash)));
  }

  @Override
  public Future<List<Lease>> claimRunnable(
      String owner,
      Collection<String> workflowTypes,
      int limit,
      Duration ttl,
      Collection<String> exclude) {
    return leases.claimRunnable(owner, workflowTypes, limit, ttl, exclude);
  }

  @Override
  public Future<RenewResult> renewLeases(String owner, Duration ttl) {
    return leases.renewLeases(owner, ttl);
  }

  @Override
  public Future<Void> releaseLeases(String owner, Collection<String> runIds) {
    return leases.releaseLeases(owner, runIds);
  }

  @Override
  public Future<List<ActivityTask>> claimTasks(
      String owner, Collection<String> activityTypes, int limit, Duration ttl) {
    return store.run(tx -> tasks.claim(activityTypes, limit, ttl, now()));
  }

  @Override
  public Future<Boolean> heartbeatTask(long taskId, long leaseToken, Duration ttl) {
    return store.run(tx -> tasks.heartbeat(taskId, leaseToken, ttl, now()));
  }

  @Override
  public Future<TaskBeat> beatTask(
      long taskId, long leaseToken, Duration ttl, TaskHeartbeat heartbeat) {
    return store.run(tx -> tasks.beat(taskId, leaseToken, ttl, heartbeat, now()));
  }

  @Override
  public Future<Instant> awaitExternalCompletion(long taskId, long leaseToken) {
    return store.run(tx -> tasks.awaitExternal(taskId, leaseToken, "awaitExternalCompletion"));
  }

  @Override
  public Future<Void> completeExternally(ExternalCompletion completion) {
    return store.run(
        tx -> {
          tasks.completeExternally(tx, completion, now(), "completeExternally");
          return null;
        });
  }

  @Override
  public Future<Void> completeTask(long taskId, long leaseToken, TaskOutcome outcome) {
    return store.run(
        tx -> {
          tasks.complete(tx, taskId, leaseToken, outcome, "completeTask");
          return null;
        });
  }

  @Override
  public Future<Instant> retryTask(
      long taskId, long leaseToken, Failure failure, Duration backoff) {
    return store.run(tx -> tasks.retry(taskId, leaseToken, failure, backoff, now(), "retryTask"));
  }

  @Override
  public Future<SweepResult> requeueExpiredTasks() {
    return store.run(tx -> tasks.sweep(tx, now()));
  }

  @Override
  public Future<List<TimerEntry>> timersDue(Instant horizon, TimerEntry after, int limit) {
    return store.run(tx -> tasks.due(horizon, after, limit));
  }

  @Override
  public Future<Boolean> fireTimer(long timerId) {
    return store.run(tx -> tasks.fire(tx, timerId, now()));
  }

  @Override
  public Future<List<Long>> fireTimers(List<Long> timerIds) {
    return store.run(
        tx -> {
          Instant now = now();
          List<Long> fired = new ArrayList<>();
          for (long id : new TreeSet<>(timerIds)) {
            if (tasks.fire(tx, id, now)) {
              fired.add(id);
            }
          }
          return fired;
        });
  }

  @Override
  public Future<Void> listen(JournalListener listener) {
    store.addListener(listener);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unlisten(JournalListener listener) {
    store.removeListener(listener);
    return Future.succeededFuture();
  }

  /** For test kits: the earliest future time at which a timer or a retried task becomes due. */
  public Optional<Instant> nextDueAt() {
    return store.run(tx -> tasks.nextDue(now())).result();
  }

  /** For test kits: the next pending timer of a run. */
  public Optional<TimerEntry> nextTimerOf(String runId) {
    return store.run(tx -> tasks.nextTimerOf(runId)).result();
  }

  /** For test kits: the ids of all runs, in start order. */
  public List<String> runIds() {
    return store.run(tx -> List.copyOf(store.runs.keySet())).result();
  }

  @Override
  public Future<byte[]> secret(String purpose) {
    return store.run(tx -> store.secret(purpose));
  }

  @Override
  public Future<JournalStats> stats() {
    return store.run(
        tx -> new JournalStats(store.openRuns(), tasks.readyCount(now()), tasks.dueTimers(now())));
  }
}
