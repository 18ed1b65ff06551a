package io.continuum.pg.impl;

import io.continuum.ActivityOptions;
import io.continuum.Failure;
import io.continuum.RetryPolicy;
import io.continuum.core.payload.Payload;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Conversions between engine values and the column types of the schema. */
final class Values {
  private Values() {}

  static OffsetDateTime time(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  static Buffer bytes(Payload p) {
    return p == null ? null : Buffer.buffer(p.json());
  }

  static Payload payload(Buffer b) {
    return b == null ? null : Payload.ofJson(b.getBytes());
  }

  static JsonObject json(Failure f) {
    return f == null
        ? null
        : new JsonObject()
            .put("type", f.type())
            .put("message", f.message())
            .put("stack", f.stackTrace());
  }

  static Failure failure(JsonObject o) {
    return o == null
        ? null
        : new Failure(o.getString("type"), o.getString("message"), o.getString("stack"));
  }

  static String json(ActivityOptions o) {
    RetryPolicy r = o.retry();
    var json = new JsonObject();
    if (o.heartbeatTimeout() != null) {
      json.put("heartbeat_timeout_ms", o.heartbeatTimeout().toMillis());
    }
    return json.put("timeout_ms", o.startToCloseTimeout().toMillis())
        .put("max_attempts", r.maxAttempts())
        .put("initial_backoff_ms", r.initialBackoff().toMillis())
        .put("max_backoff_ms", r.maxBackoff().toMillis())
        .put("multiplier", r.multiplier())
        .put("non_retryable", new JsonArray(List.copyOf(r.nonRetryable())))
        .put("idempotency_key", o.idempotencyKey())
        .encode();
  }

  static ActivityOptions options(JsonObject o) {
    @SuppressWarnings("unchecked")
    List<String> nonRetryable = o.getJsonArray("non_retryable", new JsonArray()).getList();
    var retry =
        new RetryPolicy(
            o.getInteger("max_attempts"),
            Duration.ofMillis(o.getLong("initial_backoff_ms")),
            Duration.ofMillis(o.getLong("max_backoff_ms")),
            o.getDouble("multiplier"),
            nonRetryable);
    Long heartbeat = o.getLong("heartbeat_timeout_ms");
    return new ActivityOptions(
        Duration.ofMillis(o.getLong("timeout_ms")),
        retry,
        o.getString("idempotency_key"),
        null,
        heartbeat == null ? null : Duration.ofMillis(heartbeat));
  }
}
