package io.continuum.http.impl;

import io.continuum.RunDescription;
import io.continuum.core.event.HistoryEvent;
import io.continuum.runtime.WireJson;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The JSON shapes of runs and events on the wire (the OpenAPI document's schemas). */
final class RunViews {
  private RunViews() {}

  static String runPath(String namespace, String runId) {
    return "/v1/namespaces/"
        + namespace
        + "/runs/"
        + URLEncoder.encode(runId, StandardCharsets.UTF_8);
  }

  static JsonObject links(String namespace, String runId) {
    String self = runPath(namespace, runId);
    return new JsonObject()
        .put("self", self)
        .put("history", self + "/history")
        .put("events", self + "/events")
        .put("result", self + "/result");
  }

  /** A run; a failure carries its type and message, never a stack trace. */
  static JsonObject run(RunDescription d) {
    var body =
        new JsonObject()
            .put("runId", d.runId())
            .put("namespace", d.namespace())
            .put("workflow", d.workflowType())
            .put("state", d.state().wireName())
            .put("lastSeq", d.lastSeq())
            .put("createdAt", WireJson.instant(d.createdAt()))
            .put("updatedAt", WireJson.instant(d.updatedAt()))
            .put("attributes", new JsonObject(d.attributes()));
    if (d.resultJson() != null) {
      body.put("result", Json.decodeValue(d.resultJson()));
    }
    if (d.failure() != null) {
      body.put(
          "failure",
          new JsonObject().put("type", d.failure().type()).put("message", d.failure().message()));
    }
    if (d.drift() != null) {
      body.put("drift", d.drift());
    }
    if (!d.correlationId().equals(d.runId())) {
      body.put("correlationId", d.correlationId());
    }
    if (d.continuedFrom() != null) {
      body.put("continuedFrom", d.continuedFrom());
    }
    if (d.parentId() != null) {
      body.put("parentId", d.parentId());
    }
    if (d.startAt() != null) {
      body.put("startAt", WireJson.instant(d.startAt()));
    }
    if (d.executionDeadline() != null) {
      body.put("executionDeadline", WireJson.instant(d.executionDeadline()));
    }
    return body.put("links", links(d.namespace(), d.runId()));
  }

  /** Events in the wire form, less the Java stack traces their failures carry. */
  static JsonArray events(List<HistoryEvent> events) {
    var array = WireJson.events(events);
    array.forEach(RunViews::dropStacks);
    return array;
  }

  private static void dropStacks(Object node) {
    if (node instanceof JsonObject o) {
      if (o.getValue("failure") instanceof JsonObject f) {
        f.remove("stack");
        f.remove("stackTrace");
      }
      o.forEach(e -> dropStacks(e.getValue()));
    } else if (node instanceof JsonArray a) {
      a.forEach(RunViews::dropStacks);
    }
  }
}
