package io.continuum.runtime.impl;

import io.continuum.Activity;
import io.continuum.ActivityCancelled;
import io.continuum.ActivityTimeoutException;
import io.continuum.AsyncActivity;
import io.continuum.Failure;
import io.continuum.RetryPolicy;
import io.continuum.RunRef;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.FencedException;
import io.continuum.journal.TaskBeat;
import io.continuum.journal.TaskHeartbeat;
import io.continuum.journal.TaskOutcome;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One attempt of one activity task: runs it under its start-to-close timeout (counted from when the
 * body starts) while heartbeating the task lease, then hands the outcome to the run's host when it
 * is hosted here, or completes the task in the journal, or puts it back for a retry. A fenced write
 * (the lease was lost, the run ended) drops the outcome; it never crashes the worker.
 *
 * <p>The body's own heartbeats ({@link #heartbeat}, from any thread) only replace the pending
 * details; a write goes out on the attempt's context at most once per throttle interval, and its
 * answer may cancel the attempt: a cancel request ends it with a final {@code ActivityCancelled}
 * failure (never retried), a lost task drops it. Either way the attempt's outcome is settled at
 * once and whatever the body does later is ignored. An attempt that completes externally ends when
 * its body returns, after moving its task lease to its start-to-close deadline.
 */
final class ActivityAttempt {
  private static final System.Logger LOG = System.getLogger(ActivityAttempt.class.getName());
  private static final int WRITE_ATTEMPTS = 3;

  /** The longest a heartbeat waits for its write (without a heartbeat timeout, the interval). */
  static final Duration MAX_HEARTBEAT_THROTTLE = Duration.ofSeconds(1);

  private final EngineRuntime rt;
  private final WorkerExecutor pool;
  private final ActivityTask task;
  private final CompletionTokens tokens;
  private final ActivityMeters meters;
  private final Context context;
  private final long throttleNanos;
  private final AtomicReference<Thread> thread = new AtomicReference<>();
  private final Promise<Void> bodyDone = Promise.promise();
  private final Promise<Object> outcome = Promise.promise();
  private final Promise<Void> cancelledPromise = Promise.promise();
  private final AtomicReference<TaskHeartbeat> pending = new AtomicReference<>();
  private final AtomicBoolean flushArmed = new AtomicBoolean();
  private volatile long timer = -1;
  private volatile boolean cancelled;
  private volatile boolean external;
  private volatile boolean ended;
  private boolean dropped;
  // confined to the attempt's context
  private TaskBeat ending;
  private long lastWriteNanos;
  private boolean written;
  private long flushTimer = -1;

  ActivityAttempt(
      EngineRuntime rt, WorkerExecutor pool, ActivityTask task, CompletionTokens tokens) {
    this.rt = rt;
    this.pool = pool;
    this.task = task;
    this.tokens = tokens;
    this.meters = rt.metrics.activity(task.activityType());
    this.context = rt.vertx.getOrCreateContext();
    Duration timeout = task.options().heartbeatTimeout();
    Duration throttle =
        timeout == null || timeout.dividedBy(2).compareTo(MAX_HEARTBEAT_THROTTLE) >= 0
            ? MAX_HEARTBEAT_THROTTLE
            : timeout.dividedBy(2);
    this.throttleNanos = throttle.toNanos();
  }

  ActivityTask task() {
    return task;
  }

  /** Completes when the body has returned (or was never started): its worker slot is free. */
  Future<Void> bodyDone() {
    return bodyDone.future();
  }

  /** Runs the attempt; completes with when the task is due again if it was put back, else null. */
  Future<Instant> run() {
    if (task.reusedResult() != null) {
      bodyDone.tryComplete();
      return counted(
          finish(TaskOutcome.success(task.reusedResult(), task.attempt())), meters.completed);
    }
    if (task.cancelRequested()) {
      // claimed after its run's cancel was requested: running the body would be pointless
      bodyDone.tryComplete();
      cancelled = true;
      cancelledPromise.tryComplete();
      return endCancelled();
    }
    long heartbeat =
        rt.vertx.setPeriodic(rt.options.taskHeartbeatInterval().toMillis(), id -> beat());
    long began = System.nanoTime();
    execute();
    return outcome
        .future()
        .transform(
            ar -> {
              ended = true;
              rt.vertx.cancelTimer(heartbeat);
              if (flushTimer >= 0) {
                rt.vertx.cancelTimer(flushTimer);
                flushTimer = -1;
              }
              meters.latency.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
              if (ending == TaskBeat.CANCEL_REQUESTED) {
                return endCancelled();
              }
              if (ending == TaskBeat.LOST) {
                return Future.succeededFuture(drop("its task is no longer its own"));
              }
              if (ar.succeeded() && !external) {
                return succeed(ar.result());
              }
              // a later attempt may resume from it: details still waiting for the throttle go first
              TaskHeartbeat last = pending.getAndSet(null);
              Future<Void> kept = last == null ? Future.succeededFuture() : keep(last);
              return ar.succeeded()
                  ? kept.compose(v -> pend())
                  : kept.compose(v -> fail(ar.cause()));
            });
  }

  private Future<Void> keep(TaskHeartbeat last) {
    return rt.journal
        .beatTask(task.taskId(), task.leaseToken(), rt.options.taskLeaseTtl(), last)
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  // ---- heartbeats and cancellation (heartbeat, completeExternally: any thread) ----------------

  void heartbeat(Object details) {
    if (cancelled) {
      throw new ActivityCancelled(cancelMessage());
    }
    if (ended) {
      return;
    }
    TaskHeartbeat beat = new TaskHeartbeat(rt.codec.encode(details), rt.journal.clock().instant());
    pending.set(beat);
    if (flushArmed.compareAndSet(false, true)) {
      context.runOnContext(v -> armFlush());
    }
  }

  <T> Optional<T> lastHeartbeatDetails(Class<T> type) {
    Payload details = task.heartbeatDetails();
    return details == null ? Optional.empty() : Optional.ofNullable(details.decode(rt.codec, type));
  }

  boolean isCancelled() {
    return cancelled;
  }

  Future<Void> cancelled() {
    return cancelledPromise.future();
  }

  String completionToken() {
    return tokens.issue(
        new CompletionTokens.Claim(task.runId(), task.taskId(), task.attempt(), task.leaseToken()));
  }

  void completeExternally() {
    external = true;
  }

  /** Writes the pending heartbeat now (the test kit's duty, before a sweep judges deadlines). */
  Future<Void> flushNow() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> flush().onComplete(done));
    return done.future();
  }

  /** A sweep ended this attempt (a missed heartbeat): it stops at once. */
  void timedOut() {
    context.runOnContext(v -> cancel(TaskBeat.LOST));
  }

  private String cancelMessage() {
    return "attempt "
        + task.attempt()
        + " of activity '"
        + task.activityType()
        + "' of run '"
        + RunRef.idOf(task.runId())
        + "' was cancelled";
  }

  // At most one write per throttle interval: the first heartbeat goes out at once, later ones
  // wait for the interval, the newest details winning.
  private void armFlush() {
    flushArmed.set(false);
    if (flushTimer >= 0 || ended) {
      return;
    }
    long wait = written ? lastWriteNanos + throttleNanos - System.nanoTime() : 0;
    if (wait <= 0) {
      flush();
    } else {
      flushTimer =
          rt.vertx.setTimer(
              Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)),
              id -> {
                flushTimer = -1;
                flush();
              });
    }
  }

  private Future<Void> flush() {
    if (flushTimer >= 0) {
      rt.vertx.cancelTimer(flushTimer);
      flushTimer = -1;
    }
    TaskHeartbeat beat = pending.getAndSet(null);
    return beat == null || ended ? Future.succeededFuture() : write(beat);
  }

  private Future<Void> write(TaskHeartbeat beat) {
    written = true;
    lastWriteNanos = System.nanoTime();
    return rt.journal
        .beatTask(task.taskId(), task.leaseToken(), rt.options.taskLeaseTtl(), beat)
        .onSuccess(this::answer)
        .onFailure(
            err -> {
              if (beat != null) {
                pending.compareAndSet(null, beat); // the next write carries it
              }
              LOG.log(
                  Level.WARNING,
                  "heartbeating activity task {0} failed: {1}",
                  task.taskId(),
                  err.toString());
            })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private void answer(TaskBeat beat) {
    if (beat == TaskBeat.LOST && !ended) {
      LOG.log(
          Level.WARNING,
          "lost the lease of activity task {0} ({1}) while it runs",
          task.taskId(),
          task.activityType());
    }
    if (beat != TaskBeat.HELD) {
      cancel(beat);
    }
  }

  // On the context. The outcome is settled now; the body learns it at its next heartbeat.
  private void cancel(TaskBeat why) {
    if (cancelled || ended) {
      return;
    }
    cancelled = true;
    cancelledPromise.tryComplete();
    if (outcome.tryFail(new ActivityCancelled(cancelMessage()))) {
      ending = why;
    }
  }

  // The run's cancel ended this attempt: a final failure, so no retry runs it again.
  private Future<Instant> endCancelled() {
    var failure = Failure.of(ActivityCancelled.TYPE, cancelMessage());
    return counted(finish(TaskOutcome.failed(failure, task.attempt())), meters.failed);
  }

  private Instant drop(String why) {
    dropped = true;
    meters.fenced.increment();
    LOG.log(
        Level.INFO,
        "dropped the outcome of activity task {0} ({1}): {2}",
        task.taskId(),
        task.activityType(),
        why);
    return null;
  }

  // The body returned after completeExternally(): the token's holder completes the task; until
  // then the task's lease runs to the attempt's start-to-close deadline.
  private Future<Instant> pend() {
    return rt.journal
        .awaitExternalCompletion(task.taskId(), task.leaseToken())
        .<Instant>map(deadline -> null)
        .recover(
            err -> {
              if (!(err instanceof FencedException)) {
                LOG.log(
                    Level.WARNING,
                    "could not mark activity task {0} as completing externally; it times out"
                        + " with its lease: {1}",
                    task.taskId(),
                    err.toString());
              }
              return Future.succeededFuture(); // fenced: completed already, or cancelled
            });
  }

  // An outcome the journal fenced, or could not be told, is not counted as what it would have
  // been: the fenced ones are counted apart, the unrecorded ones are retried after the lease
  // expires.
  private Future<Instant> counted(Future<Instant> written, Counter outcome) {
    return written.onSuccess(
        due -> {
          if (!dropped) {
            outcome.increment();
          }
        });
  }

  // The lease beat carries the pending heartbeat, if any.
  private void beat() {
    if (ended) {
      return;
    }
    TaskHeartbeat beat = pending.getAndSet(null);
    if (beat != null) {
      write(beat);
      return;
    }
    rt.journal
        .beatTask(task.taskId(), task.leaseToken(), rt.options.taskLeaseTtl(), null)
        .onSuccess(this::answer)
        .onFailure(
            err ->
                LOG.log(
                    Level.WARNING,
                    "heartbeating activity task {0} failed: {1}",
                    task.taskId(),
                    err.toString()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void execute() {
    ActivityRegistry.Registered reg = rt.activities.get(task.activityType());
    var ctx = new AttemptContext(this, RunRef.idOf(task.runId()));
    Object input;
    try {
      input = task.input().decode(rt.codec, reg.inputType());
    } catch (RuntimeException e) {
      bodyDone.tryComplete();
      outcome.tryFail(e);
      return;
    }
    Future<Object> running;
    if (reg.implementation() instanceof AsyncActivity async) {
      armTimeout();
      try {
        running = ((AsyncActivity<Object, Object>) async).execute(ctx, input);
        if (running == null) {
          running = Future.failedFuture(new NullPointerException("execute returned a null future"));
        }
      } catch (RuntimeException e) {
        running = Future.failedFuture(e);
      }
    } else {
      Activity<Object, Object> blocking = (Activity<Object, Object>) reg.implementation();
      running =
          pool.executeBlocking(
              () -> {
                thread.set(Thread.currentThread());
                armTimeout();
                try {
                  return blocking.execute(ctx, input);
                } finally {
                  thread.set(null);
                }
              },
              false);
    }
    running.onComplete(
        ar -> {
          bodyDone.tryComplete();
          if (timer >= 0) {
            rt.vertx.cancelTimer(timer);
          }
          if (ar.succeeded()) {
            outcome.tryComplete(ar.result());
          } else {
            outcome.tryFail(ar.cause());
          }
        });
  }

  // Called on the worker thread for a blocking body (timers may be set from any thread).
  private void armTimeout() {
    if (outcome.future().isComplete()) {
      return;
    }
    var limit = task.options().startToCloseTimeout();
    timer =
        rt.vertx.setTimer(
            limit.toMillis(),
            id -> {
              if (outcome.tryFail(new ActivityTimeoutException(task.activityType(), limit))) {
                Thread t = thread.get();
                if (t != null) {
                  t.interrupt();
                }
              }
            });
  }

  private Future<Instant> succeed(Object value) {
    Payload result;
    try {
      result = rt.codec.encode(value);
    } catch (RuntimeException e) {
      return fail(e);
    }
    return counted(finish(TaskOutcome.success(result, task.attempt())), meters.completed);
  }

  private Future<Instant> fail(Throwable error) {
    Failure failure = Failure.of(error);
    RetryPolicy policy = task.options().retry();
    if (!policy.isRetryable(failure.type()) || task.attempt() >= policy.maxAttempts()) {
      return counted(finish(TaskOutcome.failed(failure, task.attempt())), meters.failed)
          .onSuccess(v -> announceFailure(failure, policy, null));
    }
    return counted(
            write(
                () ->
                    rt.journal.retryTask(
                        task.taskId(),
                        task.leaseToken(),
                        failure,
                        policy.backoffAfter(task.attempt()))),
            meters.retried)
        .onSuccess(due -> announceFailure(failure, policy, due));
  }

  // Only an outcome that counted: a fenced or unrecorded one was dropped.
  private void announceFailure(Failure failure, RetryPolicy policy, Instant retryAt) {
    if (!dropped) {
      rt.notifications.activityFailed(
          task.runId(),
          task.activityType(),
          task.attempt(),
          policy.maxAttempts(),
          failure,
          retryAt,
          rt.journal.clock().instant());
    }
  }

  // The final outcome goes straight to the run when it is hosted here (its next step commits it),
  // else into the journal, whose notice wakes the run wherever it is.
  private Future<Instant> finish(TaskOutcome done) {
    Supplier<Future<Instant>> throughJournal =
        () ->
            write(() -> rt.journal.completeTask(task.taskId(), task.leaseToken(), done))
                .map(v -> null);
    var item =
        new InboxItem.ActivityResult(
            task.taskId(),
            task.commandSeq(),
            done instanceof TaskOutcome.Success s ? s.result() : null,
            done instanceof TaskOutcome.Failed f ? f.failure() : null,
            done.attempts());
    var handed = new LocalResults.Handed(item, task.leaseToken(), task.activityType());
    return rt.directory
        .<Object>send(task.runId(), new Messages.LocalResult(handed))
        .<Instant>map(v -> null)
        .recover(err -> throughJournal.get());
  }

  // Retries an infrastructure failure of the write a few times; a fenced write is dropped.
  private <T> Future<T> write(Supplier<Future<T>> write) {
    return attemptWrite(write, 1);
  }

  private <T> Future<T> attemptWrite(Supplier<Future<T>> write, int n) {
    return write
        .get()
        .recover(
            err -> {
              if (err instanceof FencedException) {
                dropped = true;
                meters.fenced.increment();
                LOG.log(
                    Level.INFO,
                    "dropped the outcome of activity task {0} ({1}): {2}",
                    task.taskId(),
                    task.activityType(),
                    err.getMessage());
                return Future.succeededFuture();
              }
              if (n >= WRITE_ATTEMPTS) {
                dropped = true;
                LOG.log(
                    Level.WARNING,
                    "could not record the outcome of activity task {0}; its lease"
                        + " will expire and the attempt will be retried: {1}",
                    task.taskId(),
                    err.toString());
                return Future.succeededFuture();
              }
              Promise<T> later = Promise.promise();
              rt.vertx.setTimer(
                  1000L << (n - 1), id -> attemptWrite(write, n + 1).onComplete(later));
              return later.future();
            });
  }
}
