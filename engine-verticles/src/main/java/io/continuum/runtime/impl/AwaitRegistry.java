package io.continuum.runtime.impl;

import io.continuum.journal.RunRecord;
import io.continuum.runtime.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Waits for runs to end: listens for {@link Addresses#RUNS_FINISHED} (from any node in a cluster),
 * and re-reads each awaited run on a poll as a fallback for a lost notification.
 */
final class AwaitRegistry {
  private final EngineRuntime rt;
  private final ConcurrentHashMap<String, Set<Promise<RunRecord>>> waiters =
      new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> finished;

  AwaitRegistry(EngineRuntime rt) {
    this.rt = rt;
  }

  Future<Void> start() {
    finished =
        rt.vertx
            .eventBus()
            .consumer(Addresses.RUNS_FINISHED, m -> check(m.body().getString("runId")));
    return finished.completion();
  }

  Future<Void> stop() {
    return finished == null ? Future.succeededFuture() : finished.unregister();
  }

  /** Completes with the run's row once it is terminal; fails on timeout or a journal error. */
  Future<RunRecord> await(String runId, Duration timeout) {
    Promise<RunRecord> p = Promise.promise();
    waiters.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet()).add(p);
    long poll =
        rt.vertx.setPeriodic(1, rt.options.awaitPollInterval().toMillis(), id -> check(runId, p));
    long deadline =
        timeout == null
            ? -1
            : rt.vertx.setTimer(
                Math.max(1, timeout.toMillis()),
                id ->
                    p.tryFail(
                        new TimeoutException(
                            "run '" + runId + "' did not finish within " + timeout)));
    return p.future()
        .andThen(
            ar -> {
              rt.vertx.cancelTimer(poll);
              if (deadline >= 0) {
                rt.vertx.cancelTimer(deadline);
              }
              waiters.computeIfPresent(
                  runId,
                  (id, set) -> {
                    set.remove(p);
                    return set.isEmpty() ? null : set;
                  });
            });
  }

  private void check(String runId) {
    Set<Promise<RunRecord>> set = waiters.get(runId);
    if (set != null && !set.isEmpty()) {
      rt.journal
          .run(runId)
          .onSuccess(
              r -> {
                if (r.state().isTerminal()) {
                  set.forEach(p -> p.tryComplete(r));
                }
              });
    }
  }

  private void check(String runId, Promise<RunRecord> p) {
    rt.journal
        .run(runId)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                p.tryFail(ar.cause());
              } else if (ar.result().state().isTerminal()) {
                p.tryComplete(ar.result());
              }
            });
  }
}
