package io.continuum.runtime.impl;

import io.continuum.Activity;
import io.continuum.ActivityTimeoutException;
import io.continuum.AsyncActivity;
import io.continuum.Failure;
import io.continuum.RetryPolicy;
import io.continuum.RunRef;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.FencedException;
import io.continuum.journal.TaskOutcome;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One attempt of one activity task: runs it under its start-to-close timeout (counted from when the
 * body starts) while heartbeating the task lease, then hands the outcome to the run's host when it
 * is hosted here, or completes the task in the journal, or puts it back for a retry. A fenced write
 * (the lease was lost, the run ended) drops the outcome; it never crashes the worker.
 */
final class ActivityAttempt {
  private static final System.Logger LOG = System.getLogger(ActivityAttempt.class.getName());
  private static final int WRITE_ATTEMPTS = 3;

  private final EngineRuntime rt;
  private final WorkerExecutor pool;
  private final ActivityTask task;
  private final ActivityMeters meters;
  private final AtomicReference<Thread> thread = new AtomicReference<>();
  private final Promise<Void> bodyDone = Promise.promise();
  private final Promise<Object> outcome = Promise.promise();
  private volatile long timer = -1;
  private boolean dropped;

  ActivityAttempt(EngineRuntime rt, WorkerExecutor pool, ActivityTask task) {
    this.rt = rt;
    this.pool = pool;
    this.task = task;
    this.meters = rt.metrics.activity(task.activityType());
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
    long heartbeat =
        rt.vertx.setPeriodic(rt.options.taskHeartbeatInterval().toMillis(), id -> beat());
    long began = System.nanoTime();
    execute();
    return outcome
        .future()
        .transform(
            ar -> {
              rt.vertx.cancelTimer(heartbeat);
              meters.latency.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
              return ar.succeeded() ? succeed(ar.result()) : fail(ar.cause());
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

  private void beat() {
    rt.journal
        .heartbeatTask(task.taskId(), task.leaseToken(), rt.options.taskLeaseTtl())
        .onSuccess(
            held -> {
              if (!held) {
                LOG.log(
                    Level.WARNING,
                    "lost the lease of activity task {0} ({1}) while it runs",
                    task.taskId(),
                    task.activityType());
              }
            });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void execute() {
    ActivityRegistry.Registered reg = rt.activities.get(task.activityType());
    var ctx =
        new AttemptContext(
            RunRef.idOf(task.runId()), task.activityType(), task.attempt(), task.idempotencyKey());
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

  // The final outcome goes straight to the run's host when it is hosted here (its next step
  // commits it), else into the journal.
  private Future<Instant> finish(TaskOutcome done) {
    Supplier<Future<Instant>> throughJournal =
        () ->
            write(() -> rt.journal.completeTask(task.taskId(), task.leaseToken(), done))
                .map(v -> null);
    HostedRun run = rt.hosted.get(task.runId());
    if (run == null) {
      return throughJournal.get();
    }
    var item =
        new InboxItem.ActivityResult(
            task.taskId(),
            task.commandSeq(),
            done instanceof TaskOutcome.Success s ? s.result() : null,
            done instanceof TaskOutcome.Failed f ? f.failure() : null,
            done.attempts());
    var handed = new LocalResults.Handed(item, task.leaseToken(), task.activityType());
    if (run.onItsThread()) {
      return run.offer(handed) ? Future.succeededFuture() : throughJournal.get();
    }
    return rt.request(rt.addresses.run(task.runId()), new Messages.LocalResult(handed))
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
