package io.continuum.runtime.impl;

import io.continuum.Failure;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.runtime.Addresses;
import io.continuum.runtime.WireJson;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Publishes the user-facing notifications documented in {@link Addresses} (runs are named there by
 * their id and namespace, never by their key), and counts the terminal transitions this node
 * committed (every one is announced here, once).
 */
final class Notifications {
  private final EventBus bus;
  private final EngineMetrics metrics;

  Notifications(EventBus bus, EngineMetrics metrics) {
    this.bus = bus;
    this.metrics = metrics;
  }

  /** A step committed events {@code fromSeq..toSeq} and left the run in {@code state}. */
  void step(
      String runId,
      String workflowType,
      String namespace,
      RunState state,
      int fromSeq,
      List<Event> events,
      Instant at) {
    int toSeq = fromSeq + events.size() - 1;
    var types = new JsonArray();
    events.forEach(e -> types.add(e.typeName()));
    JsonObject body = base(runId, workflowType, namespace, state, toSeq, at);
    bus.publish(
        Addresses.RUNS_EVENTS,
        body.copy().put("fromSeq", fromSeq).put("toSeq", toSeq).put("types", types));
    bus.publish(Addresses.runStatus(RunRef.ofKey(runId)), body);
    if (state.isTerminal()) {
      metrics.workflow(workflowType).ended(state);
      bus.publish(Addresses.RUNS_FINISHED, body);
    }
  }

  /** A run ended outside a step (cancelled in the journal directly). */
  void finished(
      String runId, String workflowType, String namespace, RunState state, int seq, Instant at) {
    metrics.workflow(workflowType).ended(state);
    JsonObject body = base(runId, workflowType, namespace, state, seq, at);
    bus.publish(Addresses.runStatus(RunRef.ofKey(runId)), body);
    bus.publish(Addresses.RUNS_FINISHED, body);
  }

  /** An activity attempt failed; {@code retryAt} is null when no attempt follows. */
  void activityFailed(
      String runId,
      String activity,
      int attempt,
      int maxAttempts,
      Failure failure,
      Instant retryAt,
      Instant at) {
    var body =
        new JsonObject()
            .put("runId", RunRef.idOf(runId))
            .put("namespace", RunRef.namespaceOf(runId))
            .put("activity", activity)
            .put("attempt", attempt)
            .put("maxAttempts", maxAttempts)
            .put(
                "error",
                new JsonObject().put("type", failure.type()).put("message", failure.message()))
            .put("at", WireJson.instant(at));
    if (retryAt != null) {
      body.put("retryAt", WireJson.instant(retryAt));
    }
    bus.publish(Addresses.ACTIVITY_FAILURES, body);
  }

  private static JsonObject base(
      String runId, String workflowType, String namespace, RunState state, int seq, Instant at) {
    return new JsonObject()
        .put("runId", RunRef.idOf(runId))
        .put("workflowType", workflowType)
        .put("namespace", namespace)
        .put("state", state.wireName())
        .put("seq", seq)
        .put("at", WireJson.instant(at));
  }
}
