package io.continuum.runtime.impl;

import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.replay.History;
import io.continuum.core.replay.StepInput;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.journal.Lease;
import io.continuum.journal.NewRun;
import io.continuum.journal.RunRecord;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hosts runs on one event loop. Starts take their first step here and commit it together with the
 * run's creation; adopted runs are loaded from the journal; every hosted run listens on its own
 * local address for wakes and cancels.
 */
final class RunHostVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(RunHostVerticle.class.getName());

  private final EngineRuntime rt;
  private final Map<String, HostedRun> runs = new HashMap<>();
  private boolean stopping;

  RunHostVerticle(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public Future<?> start() {
    MessageConsumer<Object> c = vertx.eventBus().localConsumer(Messages.HOSTS, this::onMessage);
    return c.completion();
  }

  private void onMessage(Message<Object> message) {
    if (stopping) {
      message.reply(Messages.Reply.failed(new IllegalStateException("the engine is stopping")));
    } else if (message.body() instanceof Messages.StartRun s) {
      start(message, s);
    } else if (message.body() instanceof Messages.AdoptRun a) {
      adopt(a.lease());
      message.reply(Messages.Reply.of(null));
    }
  }

  private void start(Message<Object> message, Messages.StartRun s) {
    WorkflowDefinition def = s.definition();
    Instant now = rt.journal.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    var started = new Event.RunStarted(s.runId(), s.namespace(), def.type(), s.input());
    History history = History.of(List.of(new HistoryEvent(1, now, started)));
    StepOutcome first;
    try {
      first =
          rt.executor.step(
              def, history, new StepInput(s.runId(), s.namespace(), now, now, List.of()));
    } catch (RuntimeException | StackOverflowError e) {
      message.reply(Messages.Reply.failed(e));
      return;
    }
    // An id hosted here already can only be an idempotent repeat or a conflict: let the journal
    // say.
    HostedRun run = rt.hosted.containsKey(s.runId()) ? null : host(s.runId());
    var newRun =
        new NewRun(
            s.runId(),
            def.type(),
            s.namespace(),
            s.input(),
            NewRun.hash(s.input()),
            s.attributes());
    rt.journal
        .start(newRun, first, rt.owner, rt.options.leaseTtl())
        .onComplete(
            ar -> {
              if (ar.failed() || !ar.result().created() || run == null) {
                if (run != null) {
                  unhost(run);
                }
                message.reply(
                    ar.failed()
                        ? Messages.Reply.failed(ar.cause())
                        : Messages.Reply.of(Boolean.FALSE));
                return;
              }
              Lease lease = ar.result().lease();
              run.load(def, s.namespace(), now, history, lease == null ? 0 : lease.token());
              run.committed(first, 2, now);
              message.reply(Messages.Reply.of(Boolean.TRUE));
              run.ready();
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
    Future.all(rt.journal.run(lease.runId()), rt.journal.history(lease.runId(), 0))
        .onComplete(
            ar -> {
              String problem = null;
              if (ar.failed()) {
                problem = "cannot load it: " + ar.cause();
              } else {
                RunRecord record = ar.result().resultAt(0);
                List<HistoryEvent> events = ar.result().resultAt(1);
                problem = load(run, record, events, lease);
              }
              if (problem != null) {
                LOG.log(Level.WARNING, "releasing run {0}: {1}", lease.runId(), problem);
                rt.journal.releaseLeases(rt.owner, List.of(lease.runId()));
                unhost(run);
                rt.tracker.end();
                return;
              }
              run.ready();
              run.want();
            });
  }

  private String load(HostedRun run, RunRecord record, List<HistoryEvent> events, Lease lease) {
    if (record.state().isTerminal()) {
      return "it already ended";
    }
    if (!rt.workflows.contains(record.workflowType())) {
      return "workflow type '" + record.workflowType() + "' is not registered on this node";
    }
    try {
      History history = History.of(events);
      run.load(
          rt.workflows.get(record.workflowType()),
          record.namespace(),
          record.createdAt(),
          history,
          lease.token());
      return null;
    } catch (IllegalStateException e) {
      return "its history is corrupt: " + e.getMessage();
    }
  }

  private HostedRun host(String runId) {
    var run = new HostedRun(runId, rt, this);
    run.listen(vertx.eventBus().localConsumer(Messages.run(runId), run::onMessage));
    runs.put(runId, run);
    rt.hosted.put(runId, Boolean.TRUE);
    return run;
  }

  void unhost(HostedRun run) {
    if (runs.remove(run.runId, run)) {
      rt.hosted.remove(run.runId);
      run.consumer().unregister();
      run.markGone();
    }
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    List<Future<Void>> quiet = new ArrayList<>();
    runs.values().forEach(r -> quiet.add(r.quiesce()));
    List<String> ids = new ArrayList<>(runs.keySet());
    return Future.join(quiet)
        .transform(
            ar ->
                ids.isEmpty() ? Future.succeededFuture() : rt.journal.releaseLeases(rt.owner, ids))
        .onComplete(ar -> new ArrayList<>(runs.values()).forEach(this::unhost));
  }
}
