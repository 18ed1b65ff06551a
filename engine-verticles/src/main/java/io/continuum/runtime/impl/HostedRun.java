package io.continuum.runtime.impl;

import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.event.Snapshot;
import io.continuum.core.replay.History;
import io.continuum.core.replay.StepInput;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.journal.CancelResult;
import io.continuum.journal.FencedException;
import io.continuum.journal.Inbox;
import io.continuum.journal.StepCommit;
import io.continuum.journal.StoredSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run hosted on a host verticle's context: its history in memory, its lease token, results
 * handed over by local workers, and a step loop that runs at most one step at a time. The journal
 * inbox is read only when a notice said something arrived there.
 */
final class HostedRun {
  private static final System.Logger LOG = System.getLogger(HostedRun.class.getName());

  final String runId;
  private final EngineRuntime rt;
  private final RunHostVerticle host;
  private final LocalResults local;
  private final RunCancels cancels;
  private MessageConsumer<Object> consumer;
  private WorkflowDefinition definition;
  private WorkflowMeters meters;
  private String namespace;
  private History history;
  private long leaseToken;
  // The seq of the newest snapshot the journal holds for this run, as far as this host knows.
  private int snapshotSeq;
  private boolean busy = true;
  private boolean stepWanted;
  private boolean inboxChanged = true;
  private boolean historyStale;
  private boolean gone;
  private int pendingUnits;
  private long lastActive;
  private boolean leaving;
  private final StepFailures failures;
  private Promise<Void> quiesced;

  HostedRun(String runId, EngineRuntime rt, RunHostVerticle host) {
    this.runId = runId;
    this.rt = rt;
    this.host = host;
    this.cancels = new RunCancels(rt, runId);
    this.local = new LocalResults(rt, runId);
    this.failures = new StepFailures(this, rt);
    this.lastActive = rt.journal.clock().millis();
  }

  void listen(MessageConsumer<Object> consumer) {
    this.consumer = consumer;
  }

  MessageConsumer<Object> consumer() {
    return consumer;
  }

  void load(WorkflowDefinition definition, String namespace, History history, long leaseToken) {
    this.definition = definition;
    this.meters = rt.metrics.workflow(definition.type());
    this.namespace = namespace;
    this.history = history;
    this.leaseToken = leaseToken;
  }

  /** The journal holds a snapshot of this run's history up to {@code seq} (0: none usable). */
  void snapshotStoredAt(int seq) {
    snapshotSeq = seq;
  }

  /**
   * Stores a snapshot of the history before the run leaves memory, when it has grown by at least
   * {@link #EVICTION_SNAPSHOT_MIN} events since the last one (a short history is cheaper to read
   * than to snapshot); else does nothing. Call on the run's event loop, between steps.
   *
   * @return fails with {@link FencedException} when the run is no longer ours or moved on
   */
  Future<Void> snapshotForEviction() {
    if (gone
        || definition == null
        || history.terminal() != null
        || rt.options.snapshotEvery(definition.type()) == 0
        || history.lastSeq() - snapshotSeq < EVICTION_SNAPSHOT_MIN) {
      return Future.succeededFuture();
    }
    int seq = history.lastSeq();
    return rt.journal
        .writeSnapshot(runId, leaseToken, seq, snapshot(history.events()))
        .onSuccess(
            v -> {
              snapshotSeq = Math.max(snapshotSeq, seq);
              rt.metrics.snapshotsWritten.increment();
            });
  }

  /** How far a history must have grown since its last snapshot for an eviction to store one. */
  static final int EVICTION_SNAPSHOT_MIN = 16;

  private StoredSnapshot snapshot(List<HistoryEvent> events) {
    byte[] data = new Snapshot(definition.type(), definition.versionHash(), events).encode();
    return new StoredSnapshot(events.size(), Snapshot.FORMAT, data);
  }

  // A step that takes the history K or more events past the last snapshot stores a new one with its
  // commit. The step's events are stamped with the step's time, as committed() will stamp them.
  private StoredSnapshot snapshotWith(StepOutcome outcome, Instant at) {
    int every = rt.options.snapshotEvery(definition.type());
    int last = history.lastSeq() + outcome.events().size();
    if (every == 0 || outcome.state().isTerminal() || last - snapshotSeq < every) {
      return null;
    }
    List<HistoryEvent> events = new ArrayList<>(last);
    events.addAll(history.events());
    int seq = history.lastSeq();
    for (Event e : outcome.events()) {
      events.add(new HistoryEvent(++seq, at, e));
    }
    return snapshot(events);
  }

  /**
   * A run this host just created: it listened on its address before the creation committed, so
   * anything that reached its journal inbox since was announced; no need to read it.
   */
  void created() {
    inboxChanged = false;
  }

  /** A fresh claim of a run already hosted here: its token changed and its history may have. */
  void newLease(long token) {
    leaseToken = token;
    historyStale = true;
    inboxChanged = true;
  }

  /** Loading is over; steps may run. */
  void ready() {
    busy = false;
    if (quiesced != null) {
      quiesced.tryComplete();
    }
    maybeStep();
  }

  void onMessage(Message<Object> message) {
    Object body = message.body();
    rt.tracker.begin();
    if (gone && !(body instanceof Messages.CancelRun)) {
      // It left between the message's sending and now: the sender takes the way for runs not
      // hosted here (a cancel is the exception: see below, it is answered through the journal).
      rt.tracker.end();
      message.reply(Messages.Reply.failed(new RunDirectory.NotHosted(runId)));
      return;
    }
    if (body instanceof Messages.Probe) {
      rt.tracker.end();
      message.reply(Messages.Reply.of(this));
      return;
    }
    if (body instanceof Messages.AdoptRun a) {
      newLease(a.lease().token());
      message.reply(Messages.Reply.of(null));
    } else if (body instanceof Messages.LocalResult r) {
      local.add(r.handed());
      message.reply(Messages.Reply.of(null));
    } else if (body instanceof Messages.CancelRun c) {
      // The request is recorded (binding, and flagging the activities running now) before the
      // code hears of it, so that the activities its cleanup schedules are not flagged. A request
      // the journal refused (it is down, the run ended) is answered so and changes nothing.
      Promise<CancelResult> answer = Promise.promise();
      answer
          .future()
          .onComplete(
              ar ->
                  message.reply(
                      ar.succeeded()
                          ? Messages.Reply.of(ar.result())
                          : Messages.Reply.failed(ar.cause())));
      rt.journal
          .requestCancel(runId, c.reason())
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  answer.fail(ar.cause());
                  rt.tracker.end();
                } else if (gone) {
                  answer.complete(ar.result());
                  rt.tracker.end();
                } else {
                  cancels.recorded(c.reason(), answer);
                  inboxChanged = true;
                  want();
                }
              });
      return;
    } else {
      inboxChanged = true;
      message.reply(Messages.Reply.of(null));
    }
    want();
  }

  /** Takes one unit of work already begun by the caller and makes sure a step covers it. */
  void want() {
    pendingUnits++;
    stepWanted = true;
    maybeStep();
  }

  private void maybeStep() {
    if (gone) {
      rt.tracker.end(pendingUnits);
      pendingUnits = 0;
      return;
    }
    if (busy || !stepWanted || quiesced != null) {
      return;
    }
    busy = true;
    stepWanted = false;
    host.touched(this);
    int covered = pendingUnits;
    pendingUnits = 0;
    Future<Void> step = historyStale ? catchUp().compose(v -> stepOnce()) : stepOnce();
    step.recover(this::onStepFailure)
        .onComplete(
            ar -> {
              busy = false;
              rt.tracker.end(covered);
              if (quiesced != null) {
                quiesced.tryComplete();
              } else {
                maybeStep();
              }
            });
  }

  private Future<Void> stepOnce() {
    if (gone) {
      return Future.succeededFuture();
    }
    // A local result the history already holds (its commit landed though its reply was lost) is
    // done: offering it again would make every later commit stale.
    local.dropResolved(history);
    if (!inboxChanged) {
      return step(local.items(), rt.journal.clock().instant());
    }
    inboxChanged = false;
    return rt.journal
        .inbox(runId)
        .onFailure(err -> inboxChanged = true)
        .compose(
            inbox ->
                stillOurs(inbox) ? step(local.mergeInto(inbox.items()), inbox.now()) : drop(inbox));
  }

  private boolean stillOurs(Inbox inbox) {
    return !inbox.state().isTerminal() && inbox.leaseToken() == leaseToken;
  }

  private Future<Void> drop(Inbox inbox) {
    if (!inbox.state().isTerminal()) {
      rt.metrics.leasesLost.increment();
    }
    LOG.log(
        Level.INFO,
        "run {0} is {1} under lease {2}, not ours ({3}): dropping it",
        runId,
        inbox.state().wireName(),
        inbox.leaseToken(),
        leaseToken);
    host.unhost(this, false);
    return Future.succeededFuture();
  }

  private Future<Void> step(List<InboxItem> items, Instant now) {
    long began = System.nanoTime();
    StepOutcome outcome;
    boolean cancelling = cancels.pending();
    try {
      outcome = rt.executor.step(definition, history, new StepInput(runId, namespace, now, items));
    } finally {
      meters.replayTime.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
    }
    // An item read from the journal that this step did not consume (a signal that arrived before
    // its await) is still there: the next step must read the inbox again, or it would run on local
    // results alone and wait for a signal that is already in the mailbox.
    for (InboxItem item : items) {
      if (!local.contains(item) && !outcome.consumed().contains(item)) {
        inboxChanged = true;
        break;
      }
    }
    Future<Void> done = outcome.isEmpty() ? Future.succeededFuture() : commit(outcome, now, began);
    // The request was recorded before this step: it answers what the step did with it.
    return cancelling ? done.onSuccess(v -> cancels.answer(outcome.state())) : done;
  }

  private Future<Void> commit(StepOutcome outcome, Instant at, long began) {
    int fromSeq = history.lastSeq() + 1;
    StoredSnapshot snapshot = snapshotWith(outcome, at);
    TaskDispatch tasks = TaskDispatch.reserve(rt, outcome.activities());
    return rt.journal
        .commit(
            new StepCommit(
                runId,
                leaseToken,
                history.lastSeq(),
                outcome,
                tasks.leasing(),
                successorVersion(outcome),
                snapshot))
        .onComplete(
            (result, err) ->
                meters.stepLatency.record(System.nanoTime() - began, TimeUnit.NANOSECONDS))
        .onFailure(
            err -> {
              tasks.abandon();
              staleLocalResults(outcome, err);
            })
        .map(
            result -> {
              if (snapshot != null) {
                snapshotSeq = snapshot.seq();
                rt.metrics.snapshotsWritten.increment();
              }
              committed(outcome, fromSeq, at);
              tasks.committed(result.leased());
              return null;
            });
  }

  // A continuing step's successor starts on the newest version registered here, not this run's.
  private String successorVersion(StepOutcome outcome) {
    return outcome.state() == RunState.CONTINUED
        ? rt.workflows.get(definition.type()).versionHash()
        : null;
  }

  /** Applies a committed step to the in-memory history and tells the world. */
  void committed(StepOutcome outcome, int fromSeq, Instant at) {
    committed(outcome, fromSeq, at, fromSeq, outcome.events());
  }

  /**
   * Applies the start this host just committed (the history holds {@code run_started} at seq 1, the
   * first step follows it) and announces both as one step from seq 1, so a subscriber learns of the
   * run from its first event.
   */
  void started(StepOutcome first, Instant at) {
    List<Event> announced = new ArrayList<>(first.events().size() + 1);
    announced.add(history.started());
    announced.addAll(first.events());
    committed(first, 2, at, 1, announced);
  }

  private void committed(
      StepOutcome outcome, int fromSeq, Instant at, int announcedFrom, List<Event> announced) {
    int seq = fromSeq;
    for (Event e : outcome.events()) {
      history.append(new HistoryEvent(seq++, at, e));
    }
    local.consumed(outcome.consumed());
    failures.reset();
    RunState state = outcome.state();
    if (state.isTerminal()) {
      rt.awaits.finished(RunOutcome.of(runId, outcome));
    }
    rt.notifications.step(runId, definition.type(), namespace, state, announcedFrom, announced, at);
    if (state == RunState.DRIFTED) {
      LOG.log(Level.INFO, "run {0} parked as drifted: {1}", runId, outcome.drift().getMessage());
    }
    if (state.isTerminal()) {
      local.clear(); // its tasks are gone with it
    }
    if (state.isTerminal() || state == RunState.DRIFTED) {
      cancels.answer(state);
      host.unhost(this, false);
    }
  }

  // After an ambiguous failure (the write may have landed) or a stale-seq fence: read what the
  // journal has beyond our copy before stepping again.
  private Future<Void> catchUp() {
    return rt.journal
        .history(runId, history.lastSeq())
        .map(
            events -> {
              historyStale = false;
              for (HistoryEvent e : events) {
                history.append(e);
              }
              Event.Terminal end = history.terminal();
              if (end != null && !events.isEmpty()) {
                int last = history.lastSeq();
                rt.awaits.finished(RunOutcome.of(runId, end));
                rt.notifications.step(
                    runId,
                    definition.type(),
                    namespace,
                    end.state(),
                    last,
                    List.of(end),
                    history.get(last).recordedAt());
                local.clear();
                cancels.answer(end.state());
                host.unhost(this, false);
              }
              return null;
            });
  }

  // A commit fenced as stale that consumed handed-over results may have consumed an attempt that
  // lost its task lease (its worker was paused past it, the task was requeued): offered again,
  // it would fence every later commit. The journal sorts them out under their own task leases.
  private void staleLocalResults(StepOutcome outcome, Throwable err) {
    if (err instanceof FencedException f
        && f.reason() == FencedException.Reason.STALE_SEQ
        && local.containsAny(outcome.consumed())) {
      rt.tracker.begin();
      rt.tracker.track(local.spill().onComplete(ar -> inboxChanged = true));
    }
  }

  private Future<Void> onStepFailure(Throwable error) {
    return failures.handle(error);
  }

  /** When this run last took a step (or was hosted), in journal-clock millis. */
  long lastActive() {
    return lastActive;
  }

  void touch() {
    lastActive = rt.journal.clock().millis();
  }

  /** Marks the run as chosen to leave memory (or, with false, as staying after all). */
  void leaving(boolean leaving) {
    this.leaving = leaving;
  }

  /**
   * Whether the run may leave memory now without losing work: loaded, no step running or wanted,
   * nothing handed over, no cancel or failed step waiting, and nothing in its journal inbox that
   * its last step left there.
   */
  boolean quiet() {
    return !leaving && calm();
  }

  /** Quiet, whether or not its eviction is under way. */
  boolean calm() {
    return !gone
        && !busy
        && !stepWanted
        && quiesced == null
        && history != null
        && !historyStale
        && !inboxChanged
        && local.isEmpty()
        && !cancels.pending()
        && !failures.retrying();
  }

  /** Quiet, and no activity of its own in flight: waiting costs it nothing once it leaves. */
  boolean idle() {
    return quiet() && !history.hasOpenTasks();
  }

  /** The step must re-read history and inbox before it runs again (its write may have landed). */
  void markStale() {
    historyStale = true;
    inboxChanged = true;
  }

  /** Stops hosting after a fence or a vanished run; may keep the lease when it still holds it. */
  void unhost(boolean release) {
    host.unhost(this, release);
  }

  /** Stops taking steps; completes once the step in flight (or the loading) is done. */
  Future<Void> quiesce() {
    quiesced = Promise.promise();
    if (!busy) {
      quiesced.tryComplete();
    }
    return quiesced.future();
  }

  void markGone() {
    gone = true;
    rt.tracker.end(pendingUnits);
    pendingUnits = 0;
    // Outcomes handed over but not committed belong to whoever owns the run next.
    if (!local.isEmpty()) {
      rt.tracker.begin();
      rt.tracker.track(local.spill());
    }
    cancels.answerThroughJournal();
    if (quiesced != null) {
      quiesced.tryComplete();
    }
  }
}
