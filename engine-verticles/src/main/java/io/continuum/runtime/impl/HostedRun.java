package io.continuum.runtime.impl;

import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.replay.History;
import io.continuum.core.replay.StepInput;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.journal.CancelResult;
import io.continuum.journal.FencedException;
import io.continuum.journal.Inbox;
import io.continuum.journal.StepCommit;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One run hosted on a host verticle's context: its history in memory, its lease token, and a step
 * loop that runs at most one step at a time. Wakes and cancels that arrive during a step are folded
 * into the next one.
 */
final class HostedRun {
  private static final System.Logger LOG = System.getLogger(HostedRun.class.getName());
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

  final String runId;
  private final EngineRuntime rt;
  private final RunHostVerticle host;
  private MessageConsumer<Object> consumer;
  private WorkflowDefinition definition;
  private String namespace;
  private Instant startedAt;
  private History history;
  private long leaseToken;
  private boolean busy = true;
  private boolean stepWanted;
  private boolean gone;
  private int pendingUnits;
  private int failures;
  private String cancelReason;
  private final List<Promise<CancelResult>> cancels = new ArrayList<>();
  private Promise<Void> quiesced;

  HostedRun(String runId, EngineRuntime rt, RunHostVerticle host) {
    this.runId = runId;
    this.rt = rt;
    this.host = host;
  }

  void listen(MessageConsumer<Object> consumer) {
    this.consumer = consumer;
  }

  MessageConsumer<Object> consumer() {
    return consumer;
  }

  /** The run's state is known: from a start (history holds run_started) or an adoption. */
  void load(
      WorkflowDefinition definition,
      String namespace,
      Instant startedAt,
      History history,
      long leaseToken) {
    this.definition = definition;
    this.namespace = namespace;
    this.startedAt = startedAt;
    this.history = history;
    this.leaseToken = leaseToken;
  }

  void newLease(long token) {
    this.leaseToken = token;
  }

  /** Takes one unit of work already begun by the caller and makes sure a step covers it. */
  void want() {
    pendingUnits++;
    stepWanted = true;
    maybeStep();
  }

  /** The loading phase is over; steps may run. */
  void ready() {
    busy = false;
    maybeStep();
  }

  void onMessage(Message<Object> message) {
    Object body = message.body();
    rt.tracker.begin();
    if (body instanceof Messages.CancelRun c) {
      Promise<CancelResult> p = Promise.promise();
      cancels.add(p);
      cancelReason = c.reason();
      p.future()
          .onComplete(
              ar ->
                  message.reply(
                      ar.succeeded()
                          ? Messages.Reply.of(ar.result())
                          : Messages.Reply.failed(ar.cause())));
    } else {
      message.reply(Messages.Reply.of(null));
    }
    want();
  }

  private void maybeStep() {
    if (busy || gone || !stepWanted) {
      if (gone) {
        rt.tracker.end(pendingUnits);
        pendingUnits = 0;
      }
      return;
    }
    busy = true;
    stepWanted = false;
    int covered = pendingUnits;
    pendingUnits = 0;
    Future<Void> step =
        cancels.isEmpty() ? rt.journal.inbox(runId).compose(this::step) : cancelStep();
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

  private Future<Void> step(Inbox inbox) {
    var input = new StepInput(runId, namespace, startedAt, inbox.now(), inbox.items());
    StepOutcome outcome = rt.executor.step(definition, history, input);
    return outcome.isEmpty() ? Future.succeededFuture() : commit(outcome, input.now());
  }

  private Future<Void> cancelStep() {
    var outcome =
        new StepOutcome(
            RunState.CANCELLED,
            List.of(new Event.RunCancelled(cancelReason)),
            List.of(),
            List.of(),
            List.of(),
            null,
            null);
    return commit(outcome, rt.journal.clock().instant());
  }

  private Future<Void> commit(StepOutcome outcome, Instant at) {
    int fromSeq = history.lastSeq() + 1;
    return rt.journal
        .commit(new StepCommit(runId, leaseToken, history.lastSeq(), outcome))
        .map(
            lastSeq -> {
              committed(outcome, fromSeq, at);
              return null;
            });
  }

  /** Applies a committed step to the in-memory history and tells the world. */
  void committed(StepOutcome outcome, int fromSeq, Instant at) {
    int seq = fromSeq;
    for (Event e : outcome.events()) {
      history.append(new HistoryEvent(seq++, at, e));
    }
    failures = 0;
    rt.notifications.step(
        runId, definition.type(), namespace, outcome.state(), fromSeq, outcome.events(), at);
    RunState state = outcome.state();
    if (state == RunState.DRIFTED) {
      LOG.log(Level.WARNING, "run {0} parked as drifted: {1}", runId, outcome.drift().getMessage());
    }
    if (state.isTerminal() || state == RunState.DRIFTED) {
      answerCancels(state);
      host.unhost(this);
    }
  }

  private void answerCancels(RunState state) {
    for (Promise<CancelResult> p : cancels) {
      if (state == RunState.CANCELLED) {
        p.tryComplete(CancelResult.CANCELLED);
      } else if (state.isTerminal()) {
        p.tryFail(new RunTerminal(runId, state));
      } else {
        rt.journal.cancel(runId, cancelReason).onComplete(p);
      }
    }
    cancels.clear();
  }

  private Future<Void> onStepFailure(Throwable error) {
    if (error instanceof FencedException || error instanceof RunNotFound) {
      LOG.log(Level.INFO, "run {0} is no longer ours: {1}", runId, error.getMessage());
      host.unhost(this);
      for (Promise<CancelResult> p : cancels) {
        rt.journal.cancel(runId, cancelReason).onComplete(p);
      }
      cancels.clear();
      return Future.succeededFuture();
    }
    failures++;
    long millis = rt.options.stepRetryDelay().toMillis() << Math.min(failures - 1, 16);
    Duration delay = Duration.ofMillis(Math.min(millis, MAX_RETRY_DELAY.toMillis()));
    LOG.log(
        Level.WARNING,
        "step of run {0} failed (attempt {1}); retrying from history in {2}: {3}",
        runId,
        failures,
        delay,
        error.toString());
    rt.tracker.begin();
    rt.vertx.setTimer(delay.toMillis(), id -> want());
    return Future.succeededFuture();
  }

  /** Stops taking steps; completes once the step in flight (if any) is done. */
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
  }
}
