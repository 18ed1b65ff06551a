package io.continuum.core.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.continuum.ActivityOptions;
import io.continuum.Compensation;
import io.continuum.Failure;
import io.continuum.RetryPolicy;
import io.continuum.core.payload.Payload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the JSON object of one event (the parser sits on its START_OBJECT). Payloads are sliced out
 * of the source bytes as raw JSON, so decoding an event never parses the user's values.
 */
final class EventReader {

  record Read(int seq, Instant at, Event event) {}

  private EventReader() {}

  static Read read(JsonParser p, byte[] src) throws IOException {
    int seq = -1;
    int ordinal = -1;
    int cmd = -1;
    int compensates = -1;
    int attempts = 0;
    long signalId = 0;
    Instant at = null;
    Instant time = null;
    String type = null;
    String kind = null;
    String name = null;
    String text = null;
    String runId = null;
    Instant startedAt = null;
    String namespace = null;
    String parentId = null;
    String inputHash = null;
    int depth = 0;
    Payload payload = null;
    Payload result = null;
    String updateId = null;
    Failure failure = null;
    ActivityOptions options = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      switch (field) {
        case "seq" -> seq = nextInt(p);
        case "at" -> at = Instants.parse(nextText(p));
        case "type" -> type = nextShared(p);
        case "kind" -> kind = nextShared(p);
        case "name" -> name = nextShared(p);
        case "ordinal" -> ordinal = nextInt(p);
        case "cmd" -> cmd = nextInt(p);
        case "compensates" -> compensates = nextInt(p);
        case "attempts" -> attempts = nextInt(p);
        case "signal_id" -> {
          p.nextToken();
          signalId = p.getLongValue();
        }
        case "workflow_type", "reason" -> text = nextText(p);
        case "run_id" -> runId = nextText(p);
        case "parent_id" -> parentId = nextText(p);
        case "input_hash" -> inputHash = nextText(p);
        case "depth" -> depth = nextInt(p);
        case "started_at" -> startedAt = Instants.parse(nextText(p));
        case "namespace" -> namespace = nextShared(p);
        case "fire_at", "timeout_at" -> time = Instants.parse(nextText(p));
        case "input", "value", "attributes", "payload" -> payload = raw(p, src);
        case "result" -> result = raw(p, src);
        case "update_id" -> updateId = nextText(p);
        case "failure" -> failure = failure(p);
        case "options" -> options = options(p, src);
        default -> {
          p.nextToken();
          p.skipChildren();
        }
      }
    }
    if (type == null) {
      throw new IOException("event without a 'type'");
    }
    CommandId id =
        kind == null ? null : new CommandId(CommandKind.fromWireName(kind), name, ordinal);
    if ("update_applied".equals(type)) {
      return new Read(
          seq, at, new Event.UpdateApplied(id, updateId, orNull(payload), result, failure));
    }
    // only an update carries both an input and a result
    if (payload == null) {
      payload = result;
    }
    if ("run_started".equals(type)) {
      return new Read(
          seq,
          at,
          new Event.RunStarted(
              runId, namespace, text, orNull(payload), startedAt, parentId, depth));
    }
    if ("run_continued".equals(type)) {
      return new Read(seq, at, new Event.RunContinued(runId, orNull(payload)));
    }
    if (type.startsWith("child_")) {
      return new Read(seq, at, child(type, id, cmd, runId, inputHash, text, payload, failure));
    }
    if ("compensation_scheduled".equals(type)) {
      return new Read(
          seq, at, new Event.CompensationScheduled(id, compensates, orNull(payload), options));
    }
    return new Read(
        seq, at, build(type, id, cmd, attempts, signalId, time, text, payload, failure, options));
  }

  private static Event build(
      String type,
      CommandId id,
      int cmd,
      int attempts,
      long signalId,
      Instant time,
      String text,
      Payload payload,
      Failure failure,
      ActivityOptions options)
      throws IOException {
    return switch (type) {
      case "activity_scheduled" -> new Event.ActivityScheduled(id, orNull(payload), options);
      case "timer_started" -> new Event.TimerStarted(id, time);
      case "signal_awaited" -> new Event.SignalAwaited(id, time);
      case "value_recorded" ->
          failure != null
              ? new Event.ValueRecorded(id, null, failure)
              : new Event.ValueRecorded(id, orNull(payload));
      case "attributes_set" -> new Event.AttributesSet(id, orNull(payload));
      case "activity_completed" -> new Event.ActivityCompleted(cmd, orNull(payload), attempts);
      case "activity_failed" -> new Event.ActivityFailed(cmd, failure, attempts);
      case "compensation_completed" ->
          new Event.CompensationCompleted(cmd, orNull(payload), attempts);
      case "compensation_failed" -> new Event.CompensationFailed(cmd, failure, attempts);
      case "timer_fired" -> new Event.TimerFired(cmd);
      case "signal_received" -> new Event.SignalReceived(cmd, signalId, orNull(payload));
      case "signal_timed_out" -> new Event.SignalTimedOut(cmd);
      case "run_completed" -> new Event.RunCompleted(orNull(payload));
      case "run_failed" -> new Event.RunFailed(failure);
      case "run_cancelled" -> new Event.RunCancelled(text);
      case "cancel_delivered" -> new Event.CancelDelivered(id, text);
      case "condition_awaited" -> new Event.ConditionAwaited(id, time);
      case "condition_met" -> new Event.ConditionMet(cmd);
      case "condition_timed_out" -> new Event.ConditionTimedOut(cmd);
      default -> throw new IOException("unknown event type '" + type + "'");
    };
  }

  private static Event child(
      String type,
      CommandId id,
      int cmd,
      String runId,
      String inputHash,
      String text,
      Payload payload,
      Failure failure)
      throws IOException {
    return switch (type) {
      case "child_started" -> new Event.ChildStarted(id, runId, inputHash);
      case "child_completed" -> new Event.ChildCompleted(cmd, runId, orNull(payload));
      case "child_failed" -> new Event.ChildFailed(cmd, runId, failure);
      case "child_cancelled" -> new Event.ChildCancelled(cmd, runId, text);
      default -> throw new IOException("unknown event type '" + type + "'");
    };
  }

  private static Payload orNull(Payload p) {
    return p == null ? Payload.NULL : p;
  }

  private static int nextInt(JsonParser p) throws IOException {
    p.nextToken();
    return p.getIntValue();
  }

  private static String nextShared(JsonParser p) throws IOException {
    p.nextToken();
    return StringCache.text(p);
  }

  private static String nextText(JsonParser p) throws IOException {
    p.nextToken();
    return p.getText();
  }

  // Slices the raw bytes of the next value out of the source.
  private static Payload raw(JsonParser p, byte[] src) throws IOException {
    JsonToken t = p.nextToken();
    int start = (int) p.currentTokenLocation().getByteOffset();
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      p.skipChildren();
    } else {
      p.finishToken();
    }
    int end = (int) p.currentLocation().getByteOffset();
    return Payload.ofJson(Arrays.copyOfRange(src, start, end));
  }

  private static Failure failure(JsonParser p) throws IOException {
    String type = null;
    String message = null;
    String stack = null;
    p.nextToken();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      String value = nextText(p);
      switch (field) {
        case "type" -> type = value;
        case "message" -> message = value;
        case "stack" -> stack = value;
        default -> {}
      }
    }
    return new Failure(type, message, stack);
  }

  // Workflows use a handful of distinct option sets: decode each stored form once.
  private static final int OPTIONS_CACHE_LIMIT = 1_024;
  private static final ConcurrentHashMap<ByteBuffer, ActivityOptions> OPTIONS =
      new ConcurrentHashMap<>();

  private static ActivityOptions options(JsonParser p, byte[] src) throws IOException {
    p.nextToken();
    int start = (int) p.currentTokenLocation().getByteOffset();
    p.skipChildren();
    int end = (int) p.currentLocation().getByteOffset();
    ByteBuffer key = ByteBuffer.wrap(src, start, end - start);
    ActivityOptions cached = OPTIONS.get(key);
    if (cached != null) {
      return cached;
    }
    byte[] slice = Arrays.copyOfRange(src, start, end);
    ActivityOptions options;
    try (JsonParser own = EventCodec.JSON.createParser(slice)) {
      options = options(own);
    }
    if (OPTIONS.size() < OPTIONS_CACHE_LIMIT) {
      OPTIONS.putIfAbsent(ByteBuffer.wrap(slice), options);
    }
    return options;
  }

  private static ActivityOptions options(JsonParser p) throws IOException {
    long timeout = 0;
    long initial = 0;
    long max = 0;
    int attempts = 0;
    double multiplier = 0;
    String key = null;
    String compensation = null;
    Long heartbeat = null;
    List<String> nonRetryable = new ArrayList<>();
    p.nextToken();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "timeout_ms" -> timeout = p.getLongValue();
        case "max_attempts" -> attempts = p.getIntValue();
        case "initial_backoff_ms" -> initial = p.getLongValue();
        case "max_backoff_ms" -> max = p.getLongValue();
        case "multiplier" -> multiplier = p.getDoubleValue();
        case "idempotency_key" -> key = p.getText();
        case "compensate_with" -> compensation = p.getText();
        case "heartbeat_timeout_ms" -> heartbeat = p.getLongValue();
        case "non_retryable" -> {
          while (p.nextToken() == JsonToken.VALUE_STRING) {
            nonRetryable.add(p.getText());
          }
        }
        default -> p.skipChildren();
      }
    }
    var retry =
        new RetryPolicy(
            attempts, Duration.ofMillis(initial), Duration.ofMillis(max), multiplier, nonRetryable);
    return new ActivityOptions(
        Duration.ofMillis(timeout),
        retry,
        key,
        compensation == null ? null : new Compensation(compensation, null),
        heartbeat == null ? null : Duration.ofMillis(heartbeat));
  }
}
