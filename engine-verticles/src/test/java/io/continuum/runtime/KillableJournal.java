package io.continuum.runtime;

import io.continuum.Failure;
import io.continuum.JournalException;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.StepOutcome;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.CancelResult;
import io.continuum.journal.CommitResult;
import io.continuum.journal.Inbox;
import io.continuum.journal.Journal;
import io.continuum.journal.JournalListener;
import io.continuum.journal.Lease;
import io.continuum.journal.NewRun;
import io.continuum.journal.RenewResult;
import io.continuum.journal.RunRecord;
import io.continuum.journal.StartResult;
import io.continuum.journal.StepCommit;
import io.continuum.journal.SweepResult;
import io.continuum.journal.TaskLeasing;
import io.continuum.journal.TaskOutcome;
import io.continuum.journal.TimerEntry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One node's view of a shared journal that can be cut off, as when the node's process dies: after
 * {@link #kill()} every call fails and no notice reaches the node, and nothing it held is released.
 */
final class KillableJournal implements Journal {
  private final Journal shared;
  private final List<JournalListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean dead;

  /** Called with the run id on every inbox read, so a test can see when a host looked. */
  volatile java.util.function.Consumer<String> onInboxRead = runId -> {};

  KillableJournal(Journal shared) {
    this.shared = shared;
  }

  void kill() {
    dead = true;
    listeners.forEach(shared::unlisten);
  }

  private <T> Future<T> call(Supplier<Future<T>> op) {
    return dead
        ? Future.failedFuture(new JournalException("call", "the node is dead", true, null))
        : op.get();
  }

  @Override
  public Clock clock() {
    return shared.clock();
  }

  @Override
  public Future<StartResult> start(
      NewRun run, StepOutcome firstStep, String owner, Duration leaseTtl, TaskLeasing leasing) {
    return call(() -> shared.start(run, firstStep, owner, leaseTtl, leasing));
  }

  @Override
  public Future<CommitResult> commit(StepCommit commit) {
    return call(() -> shared.commit(commit));
  }

  @Override
  public Future<io.continuum.journal.Resumption> resume(String runId) {
    return call(() -> shared.resume(runId));
  }

  @Override
  public Future<Void> writeSnapshot(
      String runId, long leaseToken, int lastSeq, io.continuum.journal.StoredSnapshot snapshot) {
    return call(() -> shared.writeSnapshot(runId, leaseToken, lastSeq, snapshot));
  }

  @Override
  public Future<RunRecord> tip(String runId) {
    return call(() -> shared.tip(runId));
  }

  @Override
  public Future<RunRecord> run(String runId) {
    return call(() -> shared.run(runId));
  }

  @Override
  public Future<List<RunRecord>> query(io.continuum.journal.RunSearch search) {
    return call(() -> shared.query(search));
  }

  @Override
  public Future<java.util.Map<io.continuum.RunState, Long>> countRuns(String namespace) {
    return call(() -> shared.countRuns(namespace));
  }

  @Override
  public Future<java.util.Map<String, Long>> openRunsByVersion(String namespace) {
    return call(() -> shared.openRunsByVersion(namespace));
  }

  @Override
  public Future<java.util.Map<String, List<io.continuum.journal.LoadedVersion>>> nodeVersions() {
    return call(() -> shared.nodeVersions());
  }

  @Override
  public Future<List<io.continuum.journal.TaskStatus>> pendingTasks(String runId) {
    return call(() -> shared.pendingTasks(runId));
  }

  @Override
  public Future<Void> recordLoadedVersions(
      String node, Collection<io.continuum.journal.LoadedVersion> versions) {
    return call(() -> shared.recordLoadedVersions(node, versions));
  }

  @Override
  public Future<RunRecord> setAttributes(String runId, Payload attributes) {
    return call(() -> shared.setAttributes(runId, attributes));
  }

  @Override
  public Future<List<HistoryEvent>> history(String runId, int afterSeq) {
    return call(() -> shared.history(runId, afterSeq));
  }

  @Override
  public Future<Inbox> inbox(String runId) {
    onInboxRead.accept(runId);
    return call(() -> shared.inbox(runId));
  }

  @Override
  public Future<Long> signal(String runId, String name, Payload payload) {
    return call(() -> shared.signal(runId, name, payload));
  }

  @Override
  public Future<CancelResult> cancel(String runId, String reason) {
    return call(() -> shared.cancel(runId, reason));
  }

  @Override
  public Future<String> requestUpdate(
      String runId, String updateId, String name, io.continuum.core.payload.Payload input) {
    return call(() -> shared.requestUpdate(runId, updateId, name, input));
  }

  @Override
  public Future<CancelResult> requestCancel(String runId, String reason) {
    return call(() -> shared.requestCancel(runId, reason));
  }

  @Override
  public Future<List<Lease>> claimRunnable(
      String owner, Collection<String> types, int limit, Duration ttl, Collection<String> exclude) {
    return call(() -> shared.claimRunnable(owner, types, limit, ttl, exclude));
  }

  @Override
  public Future<RenewResult> renewLeases(String owner, Duration ttl) {
    return call(() -> shared.renewLeases(owner, ttl));
  }

  @Override
  public Future<Void> releaseLeases(String owner, Collection<String> runIds) {
    return call(() -> shared.releaseLeases(owner, runIds));
  }

  @Override
  public Future<List<ActivityTask>> claimTasks(
      String owner, Collection<String> types, int limit, Duration ttl) {
    return call(() -> shared.claimTasks(owner, types, limit, ttl));
  }

  @Override
  public Future<Boolean> heartbeatTask(long taskId, long leaseToken, Duration ttl) {
    return call(() -> shared.heartbeatTask(taskId, leaseToken, ttl));
  }

  @Override
  public Future<io.continuum.journal.TaskBeat> beatTask(
      long taskId, long leaseToken, Duration ttl, io.continuum.journal.TaskHeartbeat heartbeat) {
    return call(() -> shared.beatTask(taskId, leaseToken, ttl, heartbeat));
  }

  @Override
  public Future<Instant> awaitExternalCompletion(long taskId, long leaseToken) {
    return call(() -> shared.awaitExternalCompletion(taskId, leaseToken));
  }

  @Override
  public Future<Void> completeExternally(io.continuum.journal.ExternalCompletion completion) {
    return call(() -> shared.completeExternally(completion));
  }

  @Override
  public Future<Void> completeTask(long taskId, long leaseToken, TaskOutcome outcome) {
    return call(() -> shared.completeTask(taskId, leaseToken, outcome));
  }

  @Override
  public Future<Instant> retryTask(
      long taskId, long leaseToken, Failure failure, Duration backoff) {
    return call(() -> shared.retryTask(taskId, leaseToken, failure, backoff));
  }

  @Override
  public Future<SweepResult> requeueExpiredTasks() {
    return call(shared::requeueExpiredTasks);
  }

  @Override
  public Future<List<TimerEntry>> timersDue(Instant horizon, TimerEntry after, int limit) {
    return call(() -> shared.timersDue(horizon, after, limit));
  }

  @Override
  public Future<Boolean> fireTimer(long timerId) {
    return call(() -> shared.fireTimer(timerId));
  }

  @Override
  public Future<Void> listen(JournalListener listener) {
    listeners.add(listener);
    return call(() -> shared.listen(listener));
  }

  @Override
  public Future<Void> unlisten(JournalListener listener) {
    listeners.remove(listener);
    return dead ? Future.succeededFuture() : shared.unlisten(listener);
  }

  @Override
  public Future<byte[]> secret(String purpose) {
    return shared.secret(purpose);
  }

  @Override
  public Future<io.continuum.journal.JournalStats> stats() {
    return shared.stats();
  }
}
