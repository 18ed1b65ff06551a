package io.continuum.runtime.impl;

import io.continuum.Failure;
import io.continuum.QueryFailed;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.UnknownUpdate;
import io.continuum.UpdateFailed;
import io.continuum.UpdateOptions;
import io.continuum.UpdatePending;
import io.continuum.UpdateRejected;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.StepInput;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.journal.RunRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Updates for the client: answered from the history when the update id was applied already;
 * otherwise checked against the run's state by replaying it here (a refusal writes nothing), queued
 * in the run's inbox, and answered once the step that applied it committed. Runs are named by key.
 */
final class RunUpdates {
  // a queued update whose run continued as new is sent on to the successor at most this often
  private static final int MAX_HOPS = 10;

  private final EngineRuntime rt;

  RunUpdates(EngineRuntime rt) {
    this.rt = rt;
  }

  static void checkName(String name) {
    if (name == null || !UpdateOptions.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "an update name is 1 to 128 characters of [A-Za-z0-9._:-], got '" + name + "'");
    }
  }

  <O> Future<O> update(String key, String name, Payload input, Type type, UpdateOptions options) {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    return send(key, name, input, options.updateId(), deadline, 0)
        .compose(applied -> answer(applied, name, type));
  }

  private Future<Event.UpdateApplied> send(
      String key, String name, Payload input, String updateId, long deadline, int hops) {
    return rt.journal
        .tip(key)
        .compose(
            tip ->
                rt.journal
                    .history(tip.runId(), 0)
                    .compose(
                        events -> {
                          Event.UpdateApplied done = find(events, updateId);
                          if (done != null) {
                            return Future.succeededFuture(done);
                          }
                          if (tip.state().isTerminal()) {
                            return Future.failedFuture(new RunTerminal(tip.runId(), tip.state()));
                          }
                          return check(tip, events, name, input)
                              .compose(v -> rt.journal.requestUpdate(key, updateId, name, input))
                              .compose(
                                  holder ->
                                      // the events read already cannot hold its answer
                                      outcome(
                                          holder,
                                          updateId,
                                          deadline,
                                          holder.equals(tip.runId()) ? events.size() : 0))
                              .recover(
                                  err ->
                                      err instanceof Continued && hops < MAX_HOPS
                                          ? send(key, name, input, updateId, deadline, hops + 1)
                                          : Future.failedFuture(err));
                        }));
  }

  // The validator runs on the state the run has reached, replayed here; a node without the run's
  // code queues the update unchecked, and the owner's check (journaled) answers instead.
  private Future<Void> check(RunRecord tip, List<HistoryEvent> events, String name, Payload input) {
    WorkflowDefinition def = rt.workflows.find(tip.workflowType(), tip.versionHash());
    if (def == null || events.isEmpty()) {
      return Future.succeededFuture();
    }
    return rt.vertx.executeBlocking(
        () -> {
          var at =
              new StepInput(
                  tip.runId(),
                  tip.namespace(),
                  events.get(events.size() - 1).recordedAt(),
                  List.of());
          try {
            rt.executor.validateUpdate(def, events, at, name, input);
          } catch (QueryFailed e) {
            // the code does not replay: the owner cannot apply it either; it parks the run
          }
          return null;
        },
        false);
  }

  /** Waits (bounded) for the step applying {@code updateId} to commit on run {@code holder}. */
  // The watch lives on one context: its notices, timers and reads all come back to it.
  private Future<Event.UpdateApplied> outcome(
      String holder, String updateId, long deadline, int afterSeq) {
    Promise<Event.UpdateApplied> done = Promise.promise();
    Context context = rt.vertx.getOrCreateContext();
    context.runOnContext(
        v -> {
          var watch = new Watch(holder, updateId, deadline, afterSeq, done, context);
          MessageConsumer<Object> steps =
              rt.vertx
                  .eventBus()
                  .localConsumer(
                      io.continuum.runtime.Addresses.runStatus(RunRef.ofKey(holder)),
                      m -> watch.look());
          done.future().onComplete(ar -> steps.unregister());
          watch.look();
        });
    return done.future();
  }

  /** Reads the run's new events on each step notice and on a backing-off poll, until answered. */
  private final class Watch {
    private final String runId;
    private final String updateId;
    private final long deadline;
    private final Promise<Event.UpdateApplied> done;
    private final Context context;
    private int afterSeq;
    private boolean reading;
    private boolean again;
    private long pollMs = 5;
    private long timer = -1;

    Watch(
        String runId,
        String updateId,
        long deadline,
        int afterSeq,
        Promise<Event.UpdateApplied> done,
        Context context) {
      this.runId = runId;
      this.updateId = updateId;
      this.deadline = deadline;
      this.afterSeq = afterSeq;
      this.done = done;
      this.context = context;
    }

    void look() {
      if (done.future().isComplete()) {
        return;
      }
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      again = false;
      rt.journal.history(runId, afterSeq).onComplete(ar -> context.runOnContext(v -> read(ar)));
    }

    private void read(io.vertx.core.AsyncResult<List<HistoryEvent>> ar) {
      reading = false;
      if (ar.failed()) {
        done.tryFail(ar.cause());
        return;
      }
      if (seen(ar.result()) || done.future().isComplete()) {
        return;
      }
      if (System.nanoTime() >= deadline) {
        done.tryFail(new UpdatePending(updateId));
      } else if (again) {
        look();
      } else {
        schedule();
      }
    }

    private boolean seen(List<HistoryEvent> events) {
      if (!events.isEmpty()) {
        afterSeq = events.get(events.size() - 1).seq();
      }
      Event.UpdateApplied found = find(events, updateId);
      if (found != null) {
        done.tryComplete(found);
        return true;
      }
      for (HistoryEvent e : events) {
        if (e.event() instanceof Event.Terminal t) {
          done.tryFail(
              t.state() == RunState.CONTINUED
                  ? new Continued()
                  : new RunTerminal(runId, t.state()));
          return true;
        }
      }
      return false;
    }

    private void schedule() {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      long delay = Math.max(1, Math.min(pollMs, left));
      pollMs = Math.min(pollMs * 2, Math.max(5, rt.options.awaitPollInterval().toMillis()));
      if (timer >= 0) {
        rt.vertx.cancelTimer(timer);
      }
      timer =
          rt.vertx.setTimer(
              delay,
              t -> {
                timer = -1;
                look();
              });
    }
  }

  /** The run continued as new before applying the update: send it to the successor. */
  private static final class Continued extends RuntimeException {
    Continued() {
      super(null, null, false, false);
    }
  }

  private static Event.UpdateApplied find(List<HistoryEvent> events, String updateId) {
    for (HistoryEvent e : events) {
      if (e.event() instanceof Event.UpdateApplied u && u.updateId().equals(updateId)) {
        return u;
      }
    }
    return null;
  }

  private <O> Future<O> answer(Event.UpdateApplied applied, String name, Type type) {
    Failure f = applied.failure();
    if (f == null) {
      return Future.future(p -> p.complete(applied.result().decode(rt.codec, type)));
    }
    if (f.type().equals(UpdateRejected.class.getName())) {
      return Future.failedFuture(new UpdateRejected(name, f.message()));
    }
    if (f.type().equals(UnknownUpdate.class.getName())) {
      return Future.failedFuture(new UnknownUpdate(name));
    }
    return Future.failedFuture(new UpdateFailed(name, f));
  }
}
