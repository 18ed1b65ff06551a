package io.continuum.runtime.impl;

import io.continuum.RunNotFound;
import io.continuum.RunRef;
import io.continuum.runtime.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Waits for runs to end. A run that ends on this node is announced here in-process by the host that
 * committed its end (no journal read); one that ends elsewhere arrives as {@link
 * Addresses#RUNS_FINISHED} and is read from the journal; a periodic sweep re-reads every awaited
 * run as the backstop. Recent local outcomes are kept briefly, for an await that comes just after
 * the end.
 */
final class AwaitRegistry {
  private static final int RECENT_LIMIT = 4_096;

  private final EngineRuntime rt;
  private final ConcurrentHashMap<String, Set<Promise<RunOutcome>>> waiters =
      new ConcurrentHashMap<>();
  private final Map<String, RunOutcome> recent = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> recentOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger recentCount = new AtomicInteger();
  private MessageConsumer<JsonObject> finished;
  private long sweep = -1;

  AwaitRegistry(EngineRuntime rt) {
    this.rt = rt;
  }

  Future<Void> start() {
    finished =
        rt.vertx
            .eventBus()
            .consumer(
                Addresses.RUNS_FINISHED,
                m ->
                    read(
                        RunRef.of(m.body().getString("namespace"), m.body().getString("runId"))
                            .key()));
    long interval = rt.options.awaitPollInterval().toMillis();
    sweep = rt.vertx.setPeriodic(interval, id -> waiters.keySet().forEach(this::read));
    return finished.completion();
  }

  Future<Void> stop() {
    if (sweep >= 0) {
      rt.vertx.cancelTimer(sweep);
    }
    return finished == null ? Future.succeededFuture() : finished.unregister();
  }

  /** A run ended on this node: wake its waiters, and remember the outcome for a little while. */
  void finished(RunOutcome outcome) {
    recent.put(outcome.runId(), outcome);
    recentOrder.add(outcome.runId());
    if (recentCount.incrementAndGet() > RECENT_LIMIT) {
      String old = recentOrder.poll();
      recentCount.decrementAndGet();
      if (old != null) {
        recent.remove(old);
      }
    }
    Set<Promise<RunOutcome>> set = waiters.get(outcome.runId());
    if (set != null) {
      set.forEach(p -> p.tryComplete(outcome));
    }
  }

  /** Completes with the run's outcome once it is terminal; fails on timeout or a journal error. */
  Future<RunOutcome> await(String runId, Duration timeout) {
    RunOutcome known = recent.get(runId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    Promise<RunOutcome> p = Promise.promise();
    waiters.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet()).add(p);
    known = recent.get(runId);
    if (known != null) {
      p.tryComplete(known);
    }
    // A run hosted here will be announced in-process; others are read at once (and their end, on
    // whichever node, is published to every node). Either way, the periodic sweep reads every
    // awaited run as the backstop.
    rt.directory
        .hostsHere(runId)
        .onComplete(
            ar -> {
              if (!(ar.succeeded() && ar.result())) {
                poll(runId, p);
              }
            });
    long deadline =
        timeout == null
            ? -1
            : rt.vertx.setTimer(
                Math.max(1, timeout.toMillis()),
                id ->
                    p.tryFail(
                        new TimeoutException(
                            "run '" + RunRef.idOf(runId) + "' did not finish within " + timeout)));
    return p.future()
        .andThen(
            ar -> {
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

  private void read(String runId) {
    Set<Promise<RunOutcome>> set = waiters.get(runId);
    if (set != null && !set.isEmpty() && !set.stream().allMatch(p -> p.future().isComplete())) {
      rt.journal
          .run(runId)
          .onComplete(
              ar -> {
                if (ar.succeeded() && ar.result().state().isTerminal()) {
                  set.forEach(p -> p.tryComplete(RunOutcome.of(ar.result())));
                } else if (ar.failed() && ar.cause() instanceof RunNotFound) {
                  set.forEach(p -> p.tryFail(ar.cause()));
                }
              });
    }
  }

  private void poll(String runId, Promise<RunOutcome> p) {
    rt.journal
        .run(runId)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                p.tryFail(ar.cause());
              } else if (ar.result().state().isTerminal()) {
                p.tryComplete(RunOutcome.of(ar.result()));
              }
            });
  }
}
