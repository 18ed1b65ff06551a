package io.continuum.runtime.impl;

import io.continuum.JournalException;
import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.replay.History;
import io.continuum.core.replay.StepInput;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.journal.Lease;
import io.continuum.journal.NewRun;
import io.continuum.journal.RunRecord;
import io.continuum.journal.StartResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.impl.MessageConsumerImpl;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hosts runs on one event loop. Starts of a caller-chosen run id always come to the id's host (by
 * hash), so they are serialized; a run with a generated id starts on the caller's host when the
 * caller runs on one. Adoptions go to the host that has the run, else to the id's host. A start
 * takes the run's first step here and commits it with the run's creation; an adopted run is loaded
 * from the journal.
 *
 * <p>Waiting is free: a run idle for {@link io.continuum.runtime.EngineOptions#idleRelease} (quiet,
 * no activity of its own in flight) leaves memory and gives its lease back, and whatever makes it
 * runnable again (a signal, a timer, a child's end, a task's result) has it claimed by whichever
 * node gets there first. Beyond this host's share of {@code maxHostedRuns}, the least recently
 * active quiet runs leave first. Runs are kept in access order, so both walks start at the eldest
 * and stop early.
 */
final class RunHostVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(RunHostVerticle.class.getName());
  private static final int RELEASE_ATTEMPTS = 4;

  private final EngineRuntime rt;
  private final Resumptions resumptions;
  private final int index;
  // Access order: a run moves to the end whenever it steps (see touched), so the eldest are first.
  private final LinkedHashMap<String, HostedRun> runs = new LinkedHashMap<>(16, 0.75f, true);
  private final List<Future<Void>> releasing = new ArrayList<>();
  private final java.util.Set<String> unreleased = new java.util.HashSet<>();
  private final List<String> toRelease = new ArrayList<>();
  private Promise<Void> nextRelease;
  private boolean releaseRunning;
  private final int budget;
  private final Map<String, ArrayDeque<Runnable>> starting = new HashMap<>();
  private boolean stopping;

  RunHostVerticle(EngineRuntime rt, int index) {
    this.rt = rt;
    this.resumptions = new Resumptions(rt);
    this.index = index;
    this.budget = Math.max(1, -Math.floorDiv(-rt.options.maxHostedRuns(), rt.addresses.hosts()));
  }

  @Override
  public Future<?> start() {
    rt.directory.hostOnThisThread(index);
    long idleMillis = rt.options.idleRelease().toMillis();
    if (idleMillis > 0) {
      vertx.setPeriodic(Math.max(10, Math.min(1_000, idleMillis / 4)), id -> releaseIdle());
    }
    return vertx.eventBus().localConsumer(rt.addresses.host(index), this::onMessage).completion();
  }

  private void onMessage(Message<Object> message) {
    if (stopping) {
      message.reply(Messages.Reply.failed(new IllegalStateException("the engine is stopping")));
    } else if (message.body() instanceof Messages.StartRun s) {
      start(message, s);
    } else if (message.body() instanceof Messages.AdoptRun a) {
      adopt(a.lease());
      message.reply(Messages.Reply.of(null));
    } else {
      releaseIdle();
      message.reply(Messages.Reply.of(null));
    }
  }

  // Starts of one id are taken one at a time: a second one waits until the first is answered, so
  // two can never each conclude that the other one hosts the run.
  private void start(Message<Object> message, Messages.StartRun s) {
    ArrayDeque<Runnable> waiting = starting.get(s.runId());
    if (waiting != null) {
      waiting.add(() -> startNow(message, s));
      return;
    }
    starting.put(s.runId(), new ArrayDeque<>());
    startNow(message, s);
  }

  private void answer(Message<Object> message, Messages.Reply reply, String runId) {
    message.reply(reply);
    ArrayDeque<Runnable> waiting = starting.get(runId);
    Runnable next = waiting == null ? null : waiting.poll();
    if (next != null) {
      next.run();
    } else {
      starting.remove(runId);
    }
  }

  private void startNow(Message<Object> message, Messages.StartRun s) {
    if (s.startDelay() != null) {
      startLater(message, s);
      return;
    }
    WorkflowDefinition def = s.definition();
    Instant now = rt.journal.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    var started = new Event.RunStarted(s.runId(), s.namespace(), def.type(), s.input(), now);
    History history = History.of(List.of(new HistoryEvent(1, now, started)));
    WorkflowMeters meters = rt.metrics.workflow(def.type());
    long began = System.nanoTime();
    StepOutcome first;
    try {
      first =
          rt.executor.step(def, history, new StepInput(s.runId(), s.namespace(), now, List.of()));
    } catch (RuntimeException | StackOverflowError e) {
      answer(message, Messages.Reply.failed(e), s.runId());
      return;
    } finally {
      meters.replayTime.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
    }
    // Hosted here already: an idempotent repeat or a conflict, and the journal will say which.
    HostedRun run = runs.containsKey(s.runId()) ? null : host(s.runId());
    var newRun =
        new NewRun(
            s.runId(),
            def.type(),
            s.namespace(),
            s.input(),
            NewRun.startHash(
                s.namespace(), s.input(), s.attributes(), s.startDelay(), s.executionTimeout()),
            s.attributes(),
            now,
            def.versionHash(),
            s.signal(),
            null,
            s.executionTimeout());
    TaskDispatch tasks = TaskDispatch.reserve(rt, first.activities());
    rt.journal
        .start(newRun, first, rt.owner, rt.options.leaseTtl(), tasks.leasing())
        .onComplete(
            ar -> {
              meters.stepLatency.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
              if (ar.failed()) {
                tasks.abandon();
                ambiguousStart(message, s.runId(), run, def, s.namespace(), ar.cause());
              } else if (!ar.result().created() || run == null) {
                tasks.abandon();
                if (run != null) {
                  unhost(run, false);
                }
                answer(message, Messages.Reply.of(Boolean.FALSE), s.runId());
              } else {
                StartResult r = ar.result();
                meters.started.increment();
                run.load(def, s.namespace(), history, r.lease() == null ? 0 : r.lease().token());
                if (s.signal() == null) {
                  run.created(); // else its next step reads the inbox, where the signal waits
                }
                run.started(first, now);
                tasks.committed(r.leased());
                // A signal that came with the start waits in the mailbox, unless the first step
                // ended the run: then the caller learns the run ended before it could be signalled.
                boolean signalled = s.signal() != null && !first.state().isTerminal();
                answer(
                    message,
                    s.signal() != null && !signalled
                        ? Messages.Reply.failed(new RunTerminal(s.runId(), first.state()))
                        : Messages.Reply.of(Boolean.TRUE),
                    s.runId());
                run.ready();
                if (signalled) {
                  rt.tracker.begin();
                  run.want();
                }
              }
            });
  }

  // A delayed run is created without a step and hosted by nobody: whichever node claims it once its
  // start timer fired takes its first step. Its run_started names the time it is due to start, and
  // is announced now, so that live views list the pending run.
  private void startLater(Message<Object> message, Messages.StartRun s) {
    WorkflowDefinition def = s.definition();
    Instant now = rt.journal.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    var started =
        new Event.RunStarted(
            s.runId(), s.namespace(), def.type(), s.input(), now.plus(s.startDelay()));
    var newRun =
        new NewRun(
            s.runId(),
            def.type(),
            s.namespace(),
            s.input(),
            NewRun.startHash(
                s.namespace(), s.input(), s.attributes(), s.startDelay(), s.executionTimeout()),
            s.attributes(),
            started.startedAt(),
            def.versionHash(),
            s.signal(),
            s.startDelay(),
            s.executionTimeout());
    rt.journal
        .start(newRun, null, rt.owner, rt.options.leaseTtl(), null)
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result().created()) {
                rt.metrics.workflow(def.type()).started.increment();
                rt.notifications.step(
                    s.runId(),
                    def.type(),
                    s.namespace(),
                    RunState.PENDING,
                    1,
                    List.of(started),
                    now);
              }
              answer(
                  message,
                  ar.succeeded()
                      ? Messages.Reply.of(ar.result().created())
                      : Messages.Reply.failed(ar.cause()),
                  s.runId());
            });
  }

  // The start may have landed even though it reported a failure (a lost reply): look, and host
  // the run if it exists under our lease, so it is never left leased and unhosted.
  private void ambiguousStart(
      Message<Object> message,
      String runId,
      HostedRun run,
      WorkflowDefinition def,
      String ns,
      Throwable error) {
    if (run == null || (error instanceof JournalException j && !j.mayHaveLanded())) {
      if (run != null) {
        unhost(run, false);
      }
      answer(message, Messages.Reply.failed(error), runId);
      return;
    }
    resumptions
        .read(run.runId)
        .onComplete(
            ar -> {
              RunRecord record = ar.succeeded() ? ar.result().run() : null;
              if (record == null || !rt.owner.equals(record.leaseOwner())) {
                unhost(run, false);
                answer(message, Messages.Reply.failed(error), run.runId);
                return;
              }
              // Leased by us and hosted by nobody: this start is the one that landed.
              rt.metrics.workflow(def.type()).started.increment();
              run.load(def, ns, History.of(ar.result().history()), record.leaseToken());
              run.snapshotStoredAt(ar.result().snapshotSeq());
              answer(message, Messages.Reply.of(Boolean.TRUE), run.runId);
              run.ready();
              rt.tracker.begin();
              run.want();
            });
  }

  private void adopt(Lease lease) {
    HostedRun known = runs.get(lease.runId());
    rt.tracker.begin();
    if (known != null) {
      known.newLease(lease.token());
      known.want();
      return;
    }
    HostedRun run = host(lease.runId());
    // the row, the newest usable snapshot and the events after it: one read, not the history
    resumptions
        .read(lease.runId())
        .onComplete(
            ar -> {
              String problem =
                  ar.failed() ? "cannot load it: " + ar.cause() : load(run, ar.result(), lease);
              if (problem != null) {
                LOG.log(Level.WARNING, "releasing run {0}: {1}", lease.runId(), problem);
                unhost(run, !(ar.failed() && ar.cause() instanceof RunNotFound));
                rt.tracker.end();
                return;
              }
              run.ready();
              run.want();
            });
  }

  private String load(HostedRun run, Resumptions.Resumed resumed, Lease lease) {
    RunRecord record = resumed.run();
    if (record.state().isTerminal()) {
      return "it already ended";
    }
    WorkflowDefinition def = rt.workflows.find(record.workflowType(), record.versionHash());
    if (def == null) {
      // Another node has this code; the run stays as it is (suspended) until one claims it.
      return "workflow type '"
          + record.workflowType()
          + "' at version "
          + record.versionHash()
          + " is not registered on this node";
    }
    try {
      History history = History.of(resumed.history());
      run.load(def, record.namespace(), history, lease.token());
      run.snapshotStoredAt(resumed.snapshotSeq());
      return null;
    } catch (IllegalStateException e) {
      return "its history is corrupt: " + e.getMessage();
    }
  }

  private HostedRun host(String runId) {
    var run = new HostedRun(runId, rt, this);
    MessageConsumer<Object> consumer =
        vertx.eventBus().localConsumer(rt.addresses.run(runId), run::onMessage);
    // A message that reaches the address after the run left (it was on its way when the consumer
    // went) would be dropped with a warning, its sender waiting for its timeout: it is answered
    // "not hosted here" instead, so the sender takes the other way at once. Vert.x 5.0 offers this
    // on its consumer implementation only.
    if (consumer instanceof MessageConsumerImpl<Object> withDiscards) {
      withDiscards.discardHandler(
          m -> m.reply(Messages.Reply.failed(new RunDirectory.NotHosted(runId))));
    }
    run.listen(consumer);
    runs.put(runId, run);
    rt.directory.hosted();
    if (runs.size() > budget) {
      evictOverBudget();
    }
    return run;
  }

  /** A run took a step: it is the most recently active now. */
  void touched(HostedRun run) {
    run.touch();
    runs.get(run.runId);
  }

  // The eldest first; a run found idle too long leaves, a quiet one with an activity in flight is
  // looked at again an idle period later, and the walk stops at the first run active since.
  private void releaseIdle() {
    retryUnreleased();
    if (stopping || runs.isEmpty()) {
      return;
    }
    if (rt.options.idleRelease().isZero()) {
      return;
    }
    long cutoff = rt.journal.clock().millis() - rt.options.idleRelease().toMillis();
    List<HostedRun> leaving = new ArrayList<>();
    List<HostedRun> later = new ArrayList<>();
    for (HostedRun run : runs.values()) {
      if (run.lastActive() > cutoff) {
        break;
      }
      if (run.idle()) {
        leaving.add(run);
      } else {
        later.add(run);
      }
    }
    later.forEach(this::touched);
    evict(leaving, rt.metrics.evictedIdle);
  }

  // Over budget: the least recently active quiet runs leave, activities in flight or not (their
  // results go through the journal and wake them wherever they are claimed next).
  private void evictOverBudget() {
    int excess = runs.size() - budget;
    List<HostedRun> leaving = new ArrayList<>();
    for (HostedRun run : runs.values()) {
      if (leaving.size() >= excess) {
        break;
      }
      if (run.quiet()) {
        leaving.add(run);
      }
    }
    evict(leaving, rt.metrics.evictedBudget);
  }

  // A run whose history grew since its last snapshot stores one first (most idle runs have short
  // histories and skip it), so that whoever resumes it reads the snapshot and a short tail. Then it
  // leaves memory unless something woke it meanwhile, and the leases go back in one batch: between
  // the two the runs are leased by us and hosted by nobody, so no claim takes them, and a release
  // that finds work waiting announces it (the journal's answer), so nothing that arrived meanwhile
  // is missed. A release that fails is retried, then again at the next sweeps (see release).
  private void evict(List<HostedRun> leaving, io.micrometer.core.instrument.Counter counter) {
    if (leaving.isEmpty()) {
      return;
    }
    leaving.forEach(r -> r.leaving(true));
    List<Future<Void>> snapshots = new ArrayList<>(leaving.size());
    for (HostedRun run : leaving) {
      snapshots.add(run.snapshotForEviction().otherwiseEmpty());
    }
    rt.tracker.begin();
    Future<Void> release =
        Future.join(snapshots)
            .transform(
                ar -> {
                  List<String> ids = new ArrayList<>(leaving.size());
                  for (HostedRun run : leaving) {
                    run.leaving(false);
                    if (run.calm()) {
                      unhost(run, false);
                      ids.add(run.runId);
                    }
                  }
                  counter.increment(ids.size());
                  return ids.isEmpty() ? Future.<Void>succeededFuture() : queueRelease(ids);
                });
    rt.tracker.track(release);
    releasing.add(release);
    release.onComplete(ar -> releasing.remove(release));
  }

  // One release statement chain per host at a time: evictions that come while one runs wait and go
  // together in the next, so a wave of runs turning idle cannot fill the journal's pool with
  // releases waiting on row locks (starving the steps and starts that need it).
  private Future<Void> queueRelease(List<String> ids) {
    toRelease.addAll(ids);
    if (nextRelease == null) {
      nextRelease = Promise.promise();
    }
    Future<Void> released = nextRelease.future();
    if (!releaseRunning) {
      drainReleases();
    }
    return released;
  }

  private void drainReleases() {
    List<String> batch = new ArrayList<>(toRelease);
    toRelease.clear();
    Promise<Void> done = nextRelease;
    nextRelease = null;
    releaseRunning = true;
    release(batch, 1)
        .onComplete(
            ar -> {
              releaseRunning = false;
              done.complete();
              if (!toRelease.isEmpty()) {
                drainReleases();
              }
            });
  }

  // A release is idempotent, so any failure is retried (a burst may have the pool full for a
  // moment); after a few attempts the ids wait for the next idle sweep, which tries them again.
  // Left to the lease keeper instead, they would be renewed until something woke them.
  private Future<Void> release(List<String> ids, int attempt) {
    return releaseRetrying(ids, attempt, err -> !stopping)
        .recover(
            err -> {
              LOG.log(
                  Level.WARNING,
                  "could not release {0} idle runs yet; trying again at the next sweep: {1}",
                  ids.size(),
                  err.toString());
              unreleased.addAll(ids);
              return Future.succeededFuture();
            });
  }

  /**
   * Releases, retrying a failure that {@code retry} accepts with a doubling delay from 200 ms, at
   * most {@link #RELEASE_ATTEMPTS} attempts in all; fails with the last failure.
   */
  private Future<Void> releaseRetrying(
      List<String> ids, int attempt, java.util.function.Predicate<Throwable> retry) {
    return rt.journal
        .releaseLeases(rt.owner, ids)
        .recover(
            err -> {
              if (attempt >= RELEASE_ATTEMPTS || !retry.test(err)) {
                return Future.failedFuture(err);
              }
              Promise<Void> later = Promise.promise();
              vertx.setTimer(
                  100L << attempt,
                  id -> releaseRetrying(ids, attempt + 1, retry).onComplete(later));
              return later.future();
            });
  }

  // Runs whose release kept failing, unless hosted again meanwhile (a claim made them ours anew).
  private void retryUnreleased() {
    if (unreleased.isEmpty() || stopping) {
      return;
    }
    List<String> ids = new ArrayList<>();
    for (String id : unreleased) {
      if (!runs.containsKey(id)) {
        ids.add(id);
      }
    }
    unreleased.clear();
    if (!ids.isEmpty()) {
      rt.tracker.begin();
      Future<Void> retried = queueRelease(ids);
      rt.tracker.track(retried);
      releasing.add(retried);
      retried.onComplete(ar -> releasing.remove(retried));
    }
  }

  /** Stops hosting a run; with {@code release}, gives its lease back (it may still be ours). */
  void unhost(HostedRun run, boolean release) {
    if (runs.remove(run.runId, run)) {
      rt.directory.unhosted();
      run.consumer().unregister();
      run.markGone();
      if (release) {
        rt.journal
            .releaseLeases(rt.owner, List.of(run.runId))
            .onFailure(
                err ->
                    LOG.log(
                        Level.WARNING,
                        "could not release run {0}; the lease keeper" + " will: {1}",
                        run.runId,
                        err.toString()));
      }
    }
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    List<Future<Void>> quiet = new ArrayList<>();
    runs.values().forEach(r -> quiet.add(r.quiesce()));
    List<String> ids = new ArrayList<>(runs.keySet());
    unreleased.stream().filter(id -> !runs.containsKey(id)).forEach(ids::add);
    unreleased.clear();
    quiet.addAll(releasing);
    return Future.join(quiet)
        .transform(ar -> ids.isEmpty() ? Future.succeededFuture() : releaseOnStop(ids))
        .onComplete(ar -> new ArrayList<>(runs.values()).forEach(r -> unhost(r, false)));
  }

  // A stop always completes: a release that keeps failing only means other nodes take these runs
  // when their leases lapse instead of at once.
  private Future<Void> releaseOnStop(List<String> ids) {
    return releaseRetrying(ids, 1, err -> err instanceof JournalException j && j.retryable())
        .recover(
            err -> {
              LOG.log(
                  Level.WARNING,
                  "could not release {0} leases while stopping; other nodes take those runs when"
                      + " the leases lapse: {1}",
                  ids.size(),
                  err.toString());
              return Future.succeededFuture();
            });
  }
}
