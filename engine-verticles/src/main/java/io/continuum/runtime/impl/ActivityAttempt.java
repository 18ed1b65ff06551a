package io.continuum.runtime.impl;

import io.continuum.Activity;
import io.continuum.ActivityTimeoutException;
import io.continuum.AsyncActivity;
import io.continuum.Failure;
import io.continuum.RetryPolicy;
import io.continuum.core.payload.Payload;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.FencedException;
import io.continuum.journal.TaskOutcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One attempt of one activity task: runs it under its start-to-close timeout while heartbeating the
 * task lease, then completes the task, or puts it back for a retry. A fenced write (the lease was
 * lost, the run ended) drops the outcome; it never crashes the worker.
 */
final class ActivityAttempt {
  private static final System.Logger LOG = System.getLogger(ActivityAttempt.class.getName());
  private static final int WRITE_ATTEMPTS = 3;

  private final EngineRuntime rt;
  private final WorkerExecutor pool;
  private final ActivityTask task;
  private final AtomicReference<Thread> thread = new AtomicReference<>();

  ActivityAttempt(EngineRuntime rt, WorkerExecutor pool, ActivityTask task) {
    this.rt = rt;
    this.pool = pool;
    this.task = task;
  }

  /** Runs the attempt; completes with when the task is due again if it was put back, else null. */
  Future<Instant> run() {
    if (task.reusedResult() != null) {
      return write(
              () ->
                  rt.journal.completeTask(
                      task.taskId(),
                      task.leaseToken(),
                      TaskOutcome.success(task.reusedResult(), task.attempt())))
          .map(v -> null);
    }
    long heartbeat =
        rt.vertx.setPeriodic(rt.options.taskHeartbeatInterval().toMillis(), id -> beat());
    return execute()
        .transform(
            ar -> {
              rt.vertx.cancelTimer(heartbeat);
              return ar.succeeded() ? succeed(ar.result()) : fail(ar.cause());
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
  private Future<Object> execute() {
    ActivityRegistry.Registered reg = rt.activities.get(task.activityType());
    var ctx =
        new AttemptContext(
            task.runId(), task.activityType(), task.attempt(), task.idempotencyKey());
    Object input;
    try {
      input = task.input().decode(rt.codec, reg.inputType());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Future<Object> running;
    if (reg.implementation() instanceof AsyncActivity async) {
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
                try {
                  return blocking.execute(ctx, input);
                } finally {
                  thread.set(null);
                }
              },
              false);
    }
    return withTimeout(running);
  }

  private Future<Object> withTimeout(Future<Object> running) {
    Promise<Object> outcome = Promise.promise();
    long timeout = task.options().startToCloseTimeout().toMillis();
    long timer =
        rt.vertx.setTimer(
            timeout,
            id -> {
              if (outcome.tryFail(
                  new ActivityTimeoutException(
                      task.activityType(), task.options().startToCloseTimeout()))) {
                Thread t = thread.get();
                if (t != null) {
                  t.interrupt();
                }
              }
            });
    running.onComplete(
        ar -> {
          rt.vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            outcome.tryComplete(ar.result());
          } else {
            outcome.tryFail(ar.cause());
          }
        });
    return outcome.future();
  }

  private Future<Instant> succeed(Object value) {
    Payload result;
    try {
      result = rt.codec.encode(value);
    } catch (RuntimeException e) {
      return fail(e);
    }
    return write(
            () ->
                rt.journal.completeTask(
                    task.taskId(), task.leaseToken(), TaskOutcome.success(result, task.attempt())))
        .map(v -> null);
  }

  private Future<Instant> fail(Throwable error) {
    Failure failure = Failure.of(error);
    RetryPolicy policy = task.options().retry();
    if (!policy.isRetryable(failure.type()) || task.attempt() >= policy.maxAttempts()) {
      return write(
              () ->
                  rt.journal.completeTask(
                      task.taskId(),
                      task.leaseToken(),
                      TaskOutcome.failed(failure, task.attempt())))
          .map(v -> null);
    }
    return write(
        () ->
            rt.journal.retryTask(
                task.taskId(), task.leaseToken(), failure, policy.backoffAfter(task.attempt())));
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
                LOG.log(
                    Level.INFO,
                    "dropped the outcome of activity task {0} ({1}): {2}",
                    task.taskId(),
                    task.activityType(),
                    err.getMessage());
                return Future.succeededFuture();
              }
              if (n >= WRITE_ATTEMPTS) {
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
