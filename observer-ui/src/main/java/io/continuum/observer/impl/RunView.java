package io.continuum.observer.impl;

import io.continuum.Failure;
import io.continuum.PendingWork;
import io.continuum.RunDescription;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.runtime.WireJson;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the run page shows, computed from a run's description and its history: the timeline as the
 * API shows events, the work it waits for, and one sentence saying why it waits. Templates get maps
 * of strings; escaping is the template engine's ({@code th:text}), never this class's.
 */
public final class RunView {
  /** Payloads longer than this are cut in the timeline, with a link to the whole event. */
  static final int TRUNCATE = 2_000;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final Set<String> HEADER_FIELDS = Set.of("seq", "type", "at");

  private RunView() {}

  static String time(Instant at) {
    return at == null ? "" : TIME.format(at);
  }

  /** The run's facts, for the page head and the index rows. */
  static Map<String, Object> describe(RunDescription d) {
    Map<String, Object> m = new HashMap<>();
    m.put("runId", d.runId());
    m.put("namespace", d.namespace());
    m.put("workflowType", d.workflowType());
    m.put("state", d.state().wireName());
    m.put("terminal", d.state().isTerminal());
    m.put("lastSeq", d.lastSeq());
    m.put("createdAt", time(d.createdAt()));
    m.put("updatedAt", time(d.updatedAt()));
    m.put("result", d.resultJson());
    Failure f = d.failure();
    if (f != null) {
      m.put("failureType", f.type());
      m.put("failureMessage", f.message());
      m.put("failureStack", f.stackTrace());
    }
    m.put("drift", d.drift());
    m.put("attributes", new TreeMap<>(d.attributes()).toString());
    m.put("attributeList", attributes(d.attributes()));
    m.put("continuedFrom", d.continuedFrom());
    m.put("parentId", d.parentId());
    m.put(
        "chainRoot",
        d.correlationId() != null && !d.correlationId().equals(d.runId())
            ? d.correlationId()
            : null);
    return m;
  }

  private static List<Map<String, Object>> attributes(Map<String, Object> attributes) {
    List<Map<String, Object>> list = new ArrayList<>();
    new TreeMap<>(attributes)
        .forEach(
            (k, v) -> {
              Map<String, Object> a = new HashMap<>();
              a.put("name", k);
              a.put("value", v instanceof String text ? text : io.vertx.core.json.Json.encode(v));
              list.add(a);
            });
    return list;
  }

  /** One page of the timeline: each event's seq, type, time and its fields as JSON. */
  static List<Map<String, Object>> timeline(List<HistoryEvent> events) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : WireJson.events(events)) {
      JsonObject e = (JsonObject) o;
      JsonObject fields = new JsonObject();
      e.forEach(
          f -> {
            if (!HEADER_FIELDS.contains(f.getKey())) {
              fields.put(f.getKey(), f.getValue());
            }
          });
      String json = fields.encodePrettily();
      Map<String, Object> m = new HashMap<>();
      m.put("seq", e.getValue("seq"));
      m.put("type", e.getString("type"));
      m.put("at", e.getString("at") == null ? "" : time(Instant.parse(e.getString("at"))));
      m.put("truncated", json.length() > TRUNCATE);
      m.put("details", json.length() > TRUNCATE ? json.substring(0, TRUNCATE) + " …" : json);
      out.add(m);
    }
    return out;
  }

  /** One event in full. */
  static String fullEvent(HistoryEvent event) {
    return ((JsonObject) WireJson.events(List.of(event)).getValue(0)).encodePrettily();
  }

  /** A command the run started and no event has resolved yet. */
  record Pending(String kind, String name, int seq, Instant since, Instant due, String detail) {
    Map<String, Object> view() {
      Map<String, Object> m = new HashMap<>();
      m.put("kind", kind);
      m.put("name", name);
      m.put("seq", seq);
      m.put("since", time(since));
      m.put("due", due == null ? "" : time(due));
      m.put("detail", detail == null ? "" : detail);
      return m;
    }
  }

  /**
   * The commands of {@code history} that nothing has resolved, oldest first; activities carry what
   * the journal knows of their attempts ({@code work}).
   */
  static List<Pending> pending(List<HistoryEvent> history, PendingWork work) {
    Map<Integer, PendingWork.Activity> tasks = new HashMap<>();
    work.activities().forEach(a -> tasks.put(a.seq(), a));
    Map<Integer, Pending> open = new LinkedHashMap<>();
    for (HistoryEvent h : history) {
      Event e = h.event();
      if (e instanceof Event.ActivityScheduled a) {
        open.put(
            h.seq(),
            new Pending(
                "activity",
                a.id().name(),
                h.seq(),
                h.recordedAt(),
                null,
                attempts(tasks.get(h.seq()), a.options().retry().maxAttempts())));
      } else if (e instanceof Event.TimerStarted t) {
        open.put(
            h.seq(),
            new Pending("timer", t.id().name(), h.seq(), h.recordedAt(), t.fireAt(), null));
      } else if (e instanceof Event.ConditionAwaited c) {
        open.put(
            h.seq(),
            new Pending("condition", "condition", h.seq(), h.recordedAt(), c.timeoutAt(), null));
      } else if (e instanceof Event.CancelDelivered c) {
        open.put(
            h.seq(), new Pending("cancel", "cancel", h.seq(), h.recordedAt(), null, c.reason()));
      } else if (e instanceof Event.SignalAwaited s) {
        open.put(
            h.seq(),
            new Pending("signal", s.id().name(), h.seq(), h.recordedAt(), s.timeoutAt(), null));
      } else if (e instanceof Event.ChildStarted c) {
        open.put(
            h.seq(),
            new Pending(
                "child", c.id().name(), h.seq(), h.recordedAt(), null, RunRef.idOf(c.childId())));
      } else if (e instanceof Event.Resolution r) {
        open.remove(r.commandSeq());
      }
    }
    return new ArrayList<>(open.values());
  }

  private static String attempts(PendingWork.Activity task, int maxAttempts) {
    if (task == null) {
      return "no attempt yet (at most " + maxAttempts + ")";
    }
    if (task.running()) {
      return "attempt " + task.attempt() + " of " + task.maxAttempts() + " running";
    }
    if (task.lastFailure() != null) {
      return "attempt "
          + task.attempt()
          + " of "
          + task.maxAttempts()
          + " failed: "
          + task.lastFailure().message()
          + ", retry at "
          + time(task.nextAttemptAt());
    }
    return "attempt " + (task.attempt() + 1) + " of " + task.maxAttempts() + " waits for a worker";
  }

  /** The signals waiting in the run's mailbox. */
  static List<Map<String, Object>> mailbox(PendingWork work) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PendingWork.Signal s : work.mailbox()) {
      Map<String, Object> m = new HashMap<>();
      m.put("name", s.name());
      String body = s.payloadJson();
      m.put("payload", body.length() > TRUNCATE ? body.substring(0, TRUNCATE) + " …" : body);
      out.add(m);
    }
    return out;
  }

  /** The children the run started, with the seq of each start. */
  static List<Map<String, Object>> children(List<HistoryEvent> history) {
    Map<Integer, Map<String, Object>> children = new LinkedHashMap<>();
    for (HistoryEvent h : history) {
      if (h.event() instanceof Event.ChildStarted c) {
        Map<String, Object> m = new HashMap<>();
        m.put("runId", RunRef.idOf(c.childId()));
        m.put("workflowType", c.id().name());
        m.put("outcome", "running");
        children.put(h.seq(), m);
      } else if (h.event() instanceof Event.ChildCompleted c
          && children.containsKey(c.commandSeq())) {
        children.get(c.commandSeq()).put("outcome", "completed");
      } else if (h.event() instanceof Event.ChildFailed c && children.containsKey(c.commandSeq())) {
        children.get(c.commandSeq()).put("outcome", "failed: " + c.failure().message());
      } else if (h.event() instanceof Event.ChildCancelled c
          && children.containsKey(c.commandSeq())) {
        children.get(c.commandSeq()).put("outcome", "cancelled");
      }
    }
    return new ArrayList<>(children.values());
  }

  /** The id of the run this one continued as, when it did. */
  static String successor(List<HistoryEvent> history) {
    if (!history.isEmpty()
        && history.get(history.size() - 1).event() instanceof Event.RunContinued c) {
      return RunRef.idOf(c.successorId());
    }
    return null;
  }

  /** The input the run started with, as JSON. */
  static String input(List<HistoryEvent> history) {
    if (!history.isEmpty() && history.get(0).event() instanceof Event.RunStarted s) {
      return s.input().jsonText();
    }
    return null;
  }

  /**
   * One sentence: what the run is doing or waiting for, or how it ended. {@code runnable} holds the
   * versions ({@code type@hash}) some node has loaded.
   */
  static String why(RunDescription d, List<Pending> pending, Set<String> runnable) {
    RunState state = d.state();
    switch (state) {
      case COMPLETED:
        return "completed at " + time(d.updatedAt()) + ".";
      case FAILED:
        return "failed at "
            + time(d.updatedAt())
            + (d.failure() == null ? "." : ": " + d.failure().message());
      case CANCELLED:
        return "cancelled at " + time(d.updatedAt()) + ".";
      case CONTINUED:
        return "continued as a new run at " + time(d.updatedAt()) + ".";
      case DRIFTED:
        return "drifted: " + d.drift() + " — it waits for code that replays its history.";
      default:
        break;
    }
    if (d.versionHash() != null && !runnable.contains(d.workflowType() + "@" + d.versionHash())) {
      return "no node has version `"
          + d.versionHash()
          + "` of `"
          + d.workflowType()
          + "`: it waits for a node that runs the code it started on.";
    }
    if (pending.isEmpty()) {
      return state == RunState.SUSPENDED
          ? "suspended with nothing pending: it waits to be woken."
          : "runnable: it waits for a node to run its next step.";
    }
    List<String> parts = new ArrayList<>();
    for (Pending p : pending) {
      parts.add(sentence(p));
    }
    return String.join("; ", parts) + ".";
  }

  private static String sentence(Pending p) {
    return switch (p.kind()) {
      case "signal" ->
          "waiting for signal `"
              + p.name()
              + "` since "
              + CLOCK.format(p.since())
              + (p.due() == null ? "" : ", times out at " + time(p.due()));
      case "timer" ->
          p.name().equals("sleep")
              ? "sleeping until " + time(p.due())
              : "a timer fires at " + time(p.due());
      case "condition" ->
          "waiting for a condition since "
              + CLOCK.format(p.since())
              + (p.due() == null ? "" : ", times out at " + time(p.due()));
      case "cancel" ->
          "cancelled at "
              + CLOCK.format(p.since())
              + (p.detail() == null || p.detail().isEmpty() ? "" : " (" + p.detail() + ")")
              + ": its code is cleaning up, and it ends cancelled when that is done";
      case "activity" -> "activity `" + p.name() + "` " + p.detail();
      case "child" -> "waiting for child `" + p.detail() + "` (" + p.name() + ")";
      default -> "waiting for " + p.kind() + " " + p.name();
    };
  }
}
