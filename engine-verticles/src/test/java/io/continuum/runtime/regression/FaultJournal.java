package io.continuum.runtime.regression;

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
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One node's view of a shared journal, with faults a test arms per operation: a write that lands
 * but reports a failure (a lost reply), a call that fails without landing, a call held until the
 * test lets it through, and death (every call fails, no notice arrives, nothing is released). It
 * also counts the calls of each operation.
 *
 * <pre>{@code
 * var journal = new FaultJournal(InMemoryJournal.create(clock));
 * journal.landThenFail(Op.COMMIT, 1);                   // the next commit lands, reply lost
 * FaultJournal.Gate starts = journal.hold(Op.START, 2); // hold the next two starts
 * starts.next(Duration.ofSeconds(5)).release();
 * }</pre>
 */
final class FaultJournal implements Journal {

  /** The journal operations a fault can target. */
  enum Op {
    START,
    COMMIT,
    RUN,
    HISTORY,
    INBOX,
    SIGNAL,
    CANCEL,
    CLAIM_RUNNABLE,
    RENEW,
    RELEASE,
    CLAIM_TASKS,
    HEARTBEAT,
    COMPLETE_TASK,
    RETRY_TASK,
    REQUEUE,
    TIMERS_DUE,
    FIRE_TIMER
  }

  private final Journal shared;
  private final Map<Op, AtomicInteger> calls = new EnumMap<>(Op.class);
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<JournalListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean dead;
  private volatile int overClaim;

  FaultJournal(Journal shared) {
    this.shared = shared;
    for (Op op : Op.values()) {
      calls.put(op, new AtomicInteger());
    }
  }

  /** How many times {@code op} was called (faulted calls included). */
  int calls(Op op) {
    return calls.get(op).get();
  }

  /**
   * The next {@code times} calls of {@code op} are applied, then reported failed with a retryable
   * error, as when the connection drops after the database committed.
   */
  void landThenFail(Op op, int times) {
    faults.add(
        new Fault(op, key -> true, times) {
          @Override
          <T> Future<T> apply(Supplier<Future<T>> real) {
            return real.get()
                .transform(
                    ar ->
                        ar.succeeded()
                            ? Future.failedFuture(
                                new JournalException(
                                    op.name().toLowerCase(), "connection reset", true, null))
                            : Future.failedFuture(ar.cause()));
          }
        });
  }

  /** The next {@code times} calls of {@code op} fail with a retryable error and change nothing. */
  void failBefore(Op op, int times) {
    faults.add(
        new Fault(op, key -> true, times) {
          @Override
          <T> Future<T> apply(Supplier<Future<T>> real) {
            return Future.failedFuture(
                new JournalException(op.name().toLowerCase(), "connection refused", true, null));
          }
        });
  }

  /**
   * From now on every task claim leases {@code extra} more tasks than asked, as a claim statement
   * evaluated twice would.
   */
  void claimMoreThanAsked(int extra) {
    overClaim = extra;
  }

  /** Holds the next {@code times} calls of {@code op} until the test lets each one through. */
  Gate hold(Op op, int times) {
    return hold(op, key -> true, times);
  }

  /**
   * Holds the next {@code times} calls of {@code op} whose key (the run id, when the operation has
   * one) matches.
   */
  Gate hold(Op op, Predicate<String> key, int times) {
    Gate gate = new Gate();
    faults.add(
        new Fault(op, key, times) {
          @Override
          <T> Future<T> apply(Supplier<Future<T>> real) {
            Promise<T> promise = Promise.promise();
            gate.arrived.add(new Held<>(real, promise, Vertx.currentContext()));
            return promise.future();
          }
        });
    return gate;
  }

  /** Calls held by {@link #hold}, in arrival order. */
  static final class Gate {
    private final LinkedBlockingQueue<Held<?>> arrived = new LinkedBlockingQueue<>();

    /** Waits for the next held call. */
    Held<?> next(Duration timeout) {
      try {
        Held<?> held = arrived.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (held == null) {
          throw new AssertionError("no held call arrived within " + timeout);
        }
        return held;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** One held call. */
  static final class Held<T> {
    private final Supplier<Future<T>> real;
    private final Promise<T> promise;
    private final Context context;

    private Held(Supplier<Future<T>> real, Promise<T> promise, Context context) {
      this.real = real;
      this.promise = promise;
      this.context = context;
    }

    /** The Vert.x context the call was made on (null off Vert.x). */
    Context context() {
      return context;
    }

    /** Performs the call now (on the caller's context) and answers the caller. */
    void release() {
      run(() -> real.get().onComplete(promise));
    }

    /** Answers the caller with a retryable error; the call never happens. */
    void fail() {
      run(() -> promise.fail(new JournalException("held", "connection reset", true, null)));
    }

    private void run(Runnable r) {
      if (context != null) {
        context.runOnContext(v -> r.run());
      } else {
        r.run();
      }
    }
  }

  /** Dies: every call fails from now on, no notice reaches the node. */
  void kill() {
    dead = true;
    listeners.forEach(shared::unlisten);
  }

  private abstract static class Fault {
    final Op op;
    final Predicate<String> key;
    final AtomicInteger left;

    Fault(Op op, Predicate<String> key, int times) {
      this.op = op;
      this.key = key;
      this.left = new AtomicInteger(times);
    }

    boolean take(Op op, String key) {
      if (this.op != op || !this.key.test(key)) {
        return false;
      }
      return left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    abstract <T> Future<T> apply(Supplier<Future<T>> real);
  }

  private <T> Future<T> call(Op op, String key, Supplier<Future<T>> real) {
    calls.get(op).incrementAndGet();
    if (dead) {
      return Future.failedFuture(new JournalException("call", "the node is dead", true, null));
    }
    for (Fault f : faults) {
      if (f.take(op, key)) {
        return f.apply(real);
      }
    }
    return real.get();
  }

  // ---- Journal ------------------------------------------------------------------------------

  @Override
  public Clock clock() {
    return shared.clock();
  }

  @Override
  public Future<StartResult> start(
      NewRun run, StepOutcome firstStep, String owner, Duration leaseTtl, TaskLeasing leasing) {
    return call(
        Op.START, run.runId(), () -> shared.start(run, firstStep, owner, leaseTtl, leasing));
  }

  @Override
  public Future<CommitResult> commit(StepCommit commit) {
    return call(Op.COMMIT, commit.runId(), () -> shared.commit(commit));
  }

  @Override
  public Future<RunRecord> tip(String runId) {
    return call(Op.RUN, runId, () -> shared.tip(runId));
  }

  @Override
  public Future<RunRecord> run(String runId) {
    return call(Op.RUN, runId, () -> shared.run(runId));
  }

  @Override
  public Future<List<RunRecord>> query(io.continuum.journal.RunSearch search) {
    return call(Op.RUN, search.namespace(), () -> shared.query(search));
  }

  @Override
  public Future<java.util.Map<io.continuum.RunState, Long>> countRuns(String namespace) {
    return call(Op.RUN, namespace, () -> shared.countRuns(namespace));
  }

  @Override
  public Future<java.util.Map<String, Long>> openRunsByVersion(String namespace) {
    return call(Op.RUN, namespace, () -> shared.openRunsByVersion(namespace));
  }

  @Override
  public Future<java.util.Map<String, List<io.continuum.journal.LoadedVersion>>> nodeVersions() {
    return call(Op.RUN, "", () -> shared.nodeVersions());
  }

  @Override
  public Future<List<io.continuum.journal.TaskStatus>> pendingTasks(String runId) {
    return call(Op.RUN, runId, () -> shared.pendingTasks(runId));
  }

  @Override
  public Future<Void> recordLoadedVersions(
      String node, Collection<io.continuum.journal.LoadedVersion> versions) {
    return call(Op.RUN, node, () -> shared.recordLoadedVersions(node, versions));
  }

  @Override
  public Future<RunRecord> setAttributes(String runId, Payload attributes) {
    return call(Op.RUN, runId, () -> shared.setAttributes(runId, attributes));
  }

  @Override
  public Future<List<HistoryEvent>> history(String runId, int afterSeq) {
    return call(Op.HISTORY, runId, () -> shared.history(runId, afterSeq));
  }

  @Override
  public Future<Inbox> inbox(String runId) {
    return call(Op.INBOX, runId, () -> shared.inbox(runId));
  }

  @Override
  public Future<Long> signal(String runId, String name, Payload payload) {
    return call(Op.SIGNAL, runId, () -> shared.signal(runId, name, payload));
  }

  @Override
  public Future<CancelResult> cancel(String runId, String reason) {
    return call(Op.CANCEL, runId, () -> shared.cancel(runId, reason));
  }

  @Override
  public Future<String> requestUpdate(
      String runId, String updateId, String name, io.continuum.core.payload.Payload input) {
    return call(Op.SIGNAL, runId, () -> shared.requestUpdate(runId, updateId, name, input));
  }

  @Override
  public Future<CancelResult> requestCancel(String runId, String reason) {
    return call(Op.CANCEL, runId, () -> shared.requestCancel(runId, reason));
  }

  @Override
  public Future<List<Lease>> claimRunnable(
      String owner, Collection<String> types, int limit, Duration ttl, Collection<String> exclude) {
    return call(
        Op.CLAIM_RUNNABLE, null, () -> shared.claimRunnable(owner, types, limit, ttl, exclude));
  }

  @Override
  public Future<RenewResult> renewLeases(String owner, Duration ttl) {
    return call(Op.RENEW, null, () -> shared.renewLeases(owner, ttl));
  }

  @Override
  public Future<Void> releaseLeases(String owner, Collection<String> runIds) {
    return call(Op.RELEASE, null, () -> shared.releaseLeases(owner, runIds));
  }

  @Override
  public Future<List<ActivityTask>> claimTasks(
      String owner, Collection<String> types, int limit, Duration ttl) {
    int more = overClaim;
    return call(Op.CLAIM_TASKS, null, () -> shared.claimTasks(owner, types, limit + more, ttl));
  }

  @Override
  public Future<Boolean> heartbeatTask(long taskId, long leaseToken, Duration ttl) {
    return call(Op.HEARTBEAT, null, () -> shared.heartbeatTask(taskId, leaseToken, ttl));
  }

  @Override
  public Future<io.continuum.journal.TaskBeat> beatTask(
      long taskId, long leaseToken, Duration ttl, io.continuum.journal.TaskHeartbeat heartbeat) {
    return call(Op.HEARTBEAT, null, () -> shared.beatTask(taskId, leaseToken, ttl, heartbeat));
  }

  @Override
  public Future<Instant> awaitExternalCompletion(long taskId, long leaseToken) {
    return shared.awaitExternalCompletion(taskId, leaseToken);
  }

  @Override
  public Future<Void> completeExternally(io.continuum.journal.ExternalCompletion completion) {
    return shared.completeExternally(completion);
  }

  @Override
  public Future<Void> completeTask(long taskId, long leaseToken, TaskOutcome outcome) {
    return call(Op.COMPLETE_TASK, null, () -> shared.completeTask(taskId, leaseToken, outcome));
  }

  @Override
  public Future<Instant> retryTask(
      long taskId, long leaseToken, Failure failure, Duration backoff) {
    return call(Op.RETRY_TASK, null, () -> shared.retryTask(taskId, leaseToken, failure, backoff));
  }

  @Override
  public Future<SweepResult> requeueExpiredTasks() {
    return call(Op.REQUEUE, null, shared::requeueExpiredTasks);
  }

  @Override
  public Future<List<TimerEntry>> timersDue(Instant horizon, TimerEntry after, int limit) {
    return call(Op.TIMERS_DUE, null, () -> shared.timersDue(horizon, after, limit));
  }

  @Override
  public Future<Boolean> fireTimer(long timerId) {
    return call(Op.FIRE_TIMER, null, () -> shared.fireTimer(timerId));
  }

  @Override
  public Future<Void> listen(JournalListener listener) {
    listeners.add(listener);
    return dead
        ? Future.failedFuture(new JournalException("listen", "the node is dead", true, null))
        : shared.listen(listener);
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
