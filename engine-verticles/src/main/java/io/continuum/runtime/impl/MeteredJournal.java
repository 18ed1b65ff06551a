package io.continuum.runtime.impl;

import io.continuum.Failure;
import io.continuum.RunState;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.StepOutcome;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.CancelResult;
import io.continuum.journal.CommitResult;
import io.continuum.journal.Inbox;
import io.continuum.journal.Journal;
import io.continuum.journal.JournalListener;
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
import io.continuum.journal.TaskLeasing;
import io.continuum.journal.TaskOutcome;
import io.continuum.journal.TaskStatus;
import io.continuum.journal.TimerEntry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The user's journal as the engine sees it: every call timed into {@code continuum.journal.latency}
 * by operation and outcome. The timers are built once, so a call costs two clock reads and one
 * listener.
 */
final class MeteredJournal implements Journal {

  /** The timed operations; the tag value is the lower-case name. */
  enum Op {
    START,
    COMMIT,
    RUN,
    HISTORY,
    RESUME,
    WRITE_SNAPSHOT,
    INBOX,
    SIGNAL,
    UPDATE,
    CANCEL,
    CLAIM_RUNNABLE,
    RENEW_LEASES,
    RELEASE_LEASES,
    CLAIM_TASKS,
    HEARTBEAT_TASK,
    COMPLETE_TASK,
    EXTERNAL_COMPLETION,
    RETRY_TASK,
    REQUEUE_EXPIRED,
    TIMERS_DUE,
    FIRE_TIMER,
    FIRE_TIMERS,
    QUERY,
    SET_ATTRIBUTES
  }

  private final Journal delegate;
  private final Timer[] succeeded;
  private final Timer[] failed;

  MeteredJournal(Journal delegate, EngineMetrics metrics) {
    this.delegate = delegate;
    Op[] ops = Op.values();
    succeeded = new Timer[ops.length];
    failed = new Timer[ops.length];
    for (Op op : ops) {
      succeeded[op.ordinal()] = metrics.journalLatency(op, "success");
      failed[op.ordinal()] = metrics.journalLatency(op, "failure");
    }
  }

  private <T> Future<T> timed(Op op, long began, Future<T> call) {
    return call.onComplete(
        (value, error) ->
            (error == null ? succeeded : failed)
                [op.ordinal()].record(System.nanoTime() - began, TimeUnit.NANOSECONDS));
  }

  @Override
  public Clock clock() {
    return delegate.clock();
  }

  @Override
  public Future<StartResult> start(
      NewRun run, StepOutcome firstStep, String owner, Duration leaseTtl, TaskLeasing leasing) {
    long t = System.nanoTime();
    return timed(Op.START, t, delegate.start(run, firstStep, owner, leaseTtl, leasing));
  }

  @Override
  public Future<CommitResult> commit(StepCommit commit) {
    long t = System.nanoTime();
    return timed(Op.COMMIT, t, delegate.commit(commit));
  }

  @Override
  public Future<RunRecord> tip(String runId) {
    long t = System.nanoTime();
    return timed(Op.RUN, t, delegate.tip(runId));
  }

  @Override
  public Future<String> leaseHolder(String runId) {
    return delegate.leaseHolder(runId);
  }

  @Override
  public Future<RunRecord> run(String runId) {
    long t = System.nanoTime();
    return timed(Op.RUN, t, delegate.run(runId));
  }

  @Override
  public Future<List<HistoryEvent>> history(String runId, int afterSeq) {
    long t = System.nanoTime();
    return timed(Op.HISTORY, t, delegate.history(runId, afterSeq));
  }

  @Override
  public Future<List<HistoryEvent>> history(String runId, int afterSeq, int limit) {
    long t = System.nanoTime();
    return timed(Op.HISTORY, t, delegate.history(runId, afterSeq, limit));
  }

  @Override
  public Future<Resumption> resume(String runId) {
    long t = System.nanoTime();
    return timed(Op.RESUME, t, delegate.resume(runId));
  }

  @Override
  public Future<Void> writeSnapshot(
      String runId, long leaseToken, int lastSeq, StoredSnapshot snapshot) {
    long t = System.nanoTime();
    return timed(
        Op.WRITE_SNAPSHOT, t, delegate.writeSnapshot(runId, leaseToken, lastSeq, snapshot));
  }

  @Override
  public Future<Inbox> inbox(String runId) {
    long t = System.nanoTime();
    return timed(Op.INBOX, t, delegate.inbox(runId));
  }

  @Override
  public Future<List<RunRecord>> query(RunSearch search) {
    long t = System.nanoTime();
    return timed(Op.QUERY, t, delegate.query(search));
  }

  @Override
  public Future<Map<RunState, Long>> countRuns(String namespace) {
    long t = System.nanoTime();
    return timed(Op.QUERY, t, delegate.countRuns(namespace));
  }

  @Override
  public Future<Map<String, List<LoadedVersion>>> nodeVersions() {
    long t = System.nanoTime();
    return timed(Op.QUERY, t, delegate.nodeVersions());
  }

  @Override
  public Future<List<TaskStatus>> pendingTasks(String runId) {
    long t = System.nanoTime();
    return timed(Op.QUERY, t, delegate.pendingTasks(runId));
  }

  @Override
  public Future<Map<String, Long>> openRunsByVersion(String namespace) {
    long t = System.nanoTime();
    return timed(Op.QUERY, t, delegate.openRunsByVersion(namespace));
  }

  @Override
  public Future<RunRecord> setAttributes(String runId, Payload attributes) {
    long t = System.nanoTime();
    return timed(Op.SET_ATTRIBUTES, t, delegate.setAttributes(runId, attributes));
  }

  @Override
  public Future<Void> recordLoadedVersions(
      String node, java.util.Collection<io.continuum.journal.LoadedVersion> versions) {
    return delegate.recordLoadedVersions(node, versions);
  }

  @Override
  public Future<Long> signal(String runId, String name, Payload payload) {
    long t = System.nanoTime();
    return timed(Op.SIGNAL, t, delegate.signal(runId, name, payload));
  }

  @Override
  public Future<CancelResult> cancel(String runId, String reason) {
    long t = System.nanoTime();
    return timed(Op.CANCEL, t, delegate.cancel(runId, reason));
  }

  @Override
  public Future<String> requestUpdate(String runId, String updateId, String name, Payload input) {
    long t = System.nanoTime();
    return timed(Op.UPDATE, t, delegate.requestUpdate(runId, updateId, name, input));
  }

  @Override
  public Future<CancelResult> requestCancel(String runId, String reason) {
    long t = System.nanoTime();
    return timed(Op.CANCEL, t, delegate.requestCancel(runId, reason));
  }

  @Override
  public Future<List<Lease>> claimRunnable(
      String owner,
      Collection<String> workflowTypes,
      int limit,
      Duration ttl,
      Collection<String> exclude) {
    long t = System.nanoTime();
    return timed(
        Op.CLAIM_RUNNABLE, t, delegate.claimRunnable(owner, workflowTypes, limit, ttl, exclude));
  }

  @Override
  public Future<RenewResult> renewLeases(String owner, Duration ttl) {
    long t = System.nanoTime();
    return timed(Op.RENEW_LEASES, t, delegate.renewLeases(owner, ttl));
  }

  @Override
  public Future<Void> releaseLeases(String owner, Collection<String> runIds) {
    long t = System.nanoTime();
    return timed(Op.RELEASE_LEASES, t, delegate.releaseLeases(owner, runIds));
  }

  @Override
  public Future<List<ActivityTask>> claimTasks(
      String owner, Collection<String> activityTypes, int limit, Duration ttl) {
    long t = System.nanoTime();
    return timed(Op.CLAIM_TASKS, t, delegate.claimTasks(owner, activityTypes, limit, ttl));
  }

  @Override
  public Future<Boolean> heartbeatTask(long taskId, long leaseToken, Duration ttl) {
    long t = System.nanoTime();
    return timed(Op.HEARTBEAT_TASK, t, delegate.heartbeatTask(taskId, leaseToken, ttl));
  }

  @Override
  public Future<io.continuum.journal.TaskBeat> beatTask(
      long taskId, long leaseToken, Duration ttl, io.continuum.journal.TaskHeartbeat heartbeat) {
    long t = System.nanoTime();
    return timed(Op.HEARTBEAT_TASK, t, delegate.beatTask(taskId, leaseToken, ttl, heartbeat));
  }

  @Override
  public Future<Instant> awaitExternalCompletion(long taskId, long leaseToken) {
    long t = System.nanoTime();
    return timed(Op.EXTERNAL_COMPLETION, t, delegate.awaitExternalCompletion(taskId, leaseToken));
  }

  @Override
  public Future<Void> completeExternally(io.continuum.journal.ExternalCompletion completion) {
    long t = System.nanoTime();
    return timed(Op.EXTERNAL_COMPLETION, t, delegate.completeExternally(completion));
  }

  @Override
  public Future<Void> completeTask(long taskId, long leaseToken, TaskOutcome outcome) {
    long t = System.nanoTime();
    return timed(Op.COMPLETE_TASK, t, delegate.completeTask(taskId, leaseToken, outcome));
  }

  @Override
  public Future<Instant> retryTask(
      long taskId, long leaseToken, Failure failure, Duration backoff) {
    long t = System.nanoTime();
    return timed(Op.RETRY_TASK, t, delegate.retryTask(taskId, leaseToken, failure, backoff));
  }

  @Override
  public Future<SweepResult> requeueExpiredTasks() {
    long t = System.nanoTime();
    return timed(Op.REQUEUE_EXPIRED, t, delegate.requeueExpiredTasks());
  }

  @Override
  public Future<List<TimerEntry>> timersDue(Instant horizon, TimerEntry after, int limit) {
    long t = System.nanoTime();
    return timed(Op.TIMERS_DUE, t, delegate.timersDue(horizon, after, limit));
  }

  @Override
  public Future<Boolean> fireTimer(long timerId) {
    long t = System.nanoTime();
    return timed(Op.FIRE_TIMER, t, delegate.fireTimer(timerId));
  }

  @Override
  public Future<List<Long>> fireTimers(List<Long> timerIds) {
    long t = System.nanoTime();
    return timed(Op.FIRE_TIMERS, t, delegate.fireTimers(timerIds));
  }

  @Override
  public Future<Void> listen(JournalListener listener) {
    return delegate.listen(listener);
  }

  @Override
  public Future<Void> unlisten(JournalListener listener) {
    return delegate.unlisten(listener);
  }

  @Override
  public Future<Void> checkHealth() {
    return delegate.checkHealth();
  }

  @Override
  public Future<byte[]> secret(String purpose) {
    return delegate.secret(purpose);
  }

  @Override
  public Future<JournalStats> stats() {
    return delegate.stats();
  }
}
