package io.continuum.runtime;

import io.continuum.RunRef;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.HistoryEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one JSON style of everything Continuum shows outside the JVM — the REST API, its event
 * stream, the event-bus notifications, the CLI's {@code --json}: camelCase names, and instants in
 * UTC with exactly six fraction digits ({@code 2026-01-01T00:05:00.000000Z}, the database's
 * precision). Stored histories keep their own encoding; this is a view of them.
 *
 * <pre>{@code
 * String at = WireJson.instant(run.updatedAt());              // 2026-12-07T10:02:11.250000Z
 * client.history(id, 0, 100).map(WireJson::events);          // "runId", "startedAt", ...
 * }</pre>
 */
public final class WireJson {
  private static final DateTimeFormatter INSTANT =
      new DateTimeFormatterBuilder().appendInstant(6).toFormatter();

  // What the workflow wrote, shown as it is: its keys are not ours to rename.
  private static final Set<String> PAYLOADS =
      Set.of("input", "result", "payload", "value", "attributes");
  private static final Set<String> INSTANTS = Set.of("at", "started_at", "fire_at", "timeout_at");
  // Runs named inside events (the run itself, its parent, a child, a successor): shown by id, as
  // the API addresses them within their namespace, not by the engine's key.
  private static final Set<String> RUN_IDS = Set.of("run_id", "parent_id");

  private WireJson() {}

  /** An instant as every external form shows it. */
  public static String instant(Instant at) {
    return INSTANT.format(at);
  }

  /** Journaled events as the API shows them: camelCase names, fixed-precision instants. */
  public static JsonArray events(List<HistoryEvent> events) {
    var wire = new JsonArray();
    if (events.isEmpty()) {
      return wire;
    }
    for (Object stored : new JsonArray(EventCodec.encodeHistory(events))) {
      wire.add(object((JsonObject) stored));
    }
    return wire;
  }

  private static JsonObject object(JsonObject stored) {
    var wire = new JsonObject();
    for (Map.Entry<String, Object> e : stored) {
      String name = e.getKey();
      Object value = e.getValue();
      if (INSTANTS.contains(name) && value instanceof String s) {
        value = instant(Instant.parse(s));
      } else if (RUN_IDS.contains(name) && value instanceof String s) {
        value = RunRef.idOf(s);
      } else if (!PAYLOADS.contains(name) && value instanceof JsonObject nested) {
        value = object(nested);
      }
      wire.put(camel(name), value);
    }
    return wire;
  }

  /** {@code workflow_type} to {@code workflowType}. */
  static String camel(String snake) {
    if (snake.indexOf('_') < 0) {
      return snake;
    }
    var sb = new StringBuilder(snake.length());
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
