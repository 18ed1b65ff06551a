package io.continuum.core.event;

import com.fasterxml.jackson.core.JsonGenerator;
import io.continuum.ActivityOptions;
import io.continuum.Failure;
import io.continuum.RetryPolicy;
import io.continuum.core.payload.Payload;
import java.io.IOException;
import java.time.Instant;

/** Writes the JSON object of one event; see {@link EventCodec}. */
final class EventWriter {

  private EventWriter() {}

  static void write(JsonGenerator g, Event event, int seq, Instant at) throws IOException {
    g.writeStartObject();
    if (seq > 0) {
      g.writeNumberField("seq", seq);
    }
    if (at != null) {
      g.writeStringField("at", at.toString());
    }
    g.writeStringField("type", event.typeName());
    if (event instanceof Event.Command c) {
      g.writeStringField("kind", c.id().kind().wireName());
      g.writeStringField("name", c.id().name());
      g.writeNumberField("ordinal", c.id().ordinal());
    } else if (event instanceof Event.Resolution r) {
      g.writeNumberField("cmd", r.commandSeq());
    }
    writeBody(g, event);
    g.writeEndObject();
  }

  private static void writeBody(JsonGenerator g, Event event) throws IOException {
    if (event instanceof Event.RunStarted e) {
      g.writeStringField("run_id", e.runId());
      g.writeStringField("namespace", e.namespace());
      g.writeStringField("workflow_type", e.workflowType());
      g.writeStringField("started_at", e.startedAt().toString());
      if (e.parentId() != null) {
        g.writeStringField("parent_id", e.parentId());
        g.writeNumberField("depth", e.depth());
      }
      raw(g, "input", e.input());
    } else if (event instanceof Event.ActivityScheduled e) {
      raw(g, "input", e.input());
      options(g, e.options());
    } else if (event instanceof Event.CompensationScheduled e) {
      g.writeNumberField("compensates", e.compensates());
      raw(g, "input", e.input());
      options(g, e.options());
    } else if (event instanceof Event.CompensationCompleted e) {
      raw(g, "result", e.result());
      g.writeNumberField("attempts", e.attempts());
    } else if (event instanceof Event.CompensationFailed e) {
      failure(g, e.failure());
      g.writeNumberField("attempts", e.attempts());
    } else if (event instanceof Event.TimerStarted e) {
      g.writeStringField("fire_at", e.fireAt().toString());
    } else if (event instanceof Event.SignalAwaited e) {
      if (e.timeoutAt() != null) {
        g.writeStringField("timeout_at", e.timeoutAt().toString());
      }
    } else if (event instanceof Event.ValueRecorded e) {
      if (e.failure() != null) {
        failure(g, e.failure());
      } else {
        raw(g, "value", e.value());
      }
    } else if (event instanceof Event.AttributesSet e) {
      raw(g, "attributes", e.attributes());
    } else if (event instanceof Event.ActivityCompleted e) {
      raw(g, "result", e.result());
      g.writeNumberField("attempts", e.attempts());
    } else if (event instanceof Event.ActivityFailed e) {
      failure(g, e.failure());
      g.writeNumberField("attempts", e.attempts());
    } else if (event instanceof Event.SignalReceived e) {
      g.writeNumberField("signal_id", e.signalId());
      raw(g, "payload", e.payload());
    } else if (event instanceof Event.RunCompleted e) {
      raw(g, "result", e.result());
    } else if (event instanceof Event.RunFailed e) {
      failure(g, e.failure());
    } else if (event instanceof Event.RunCancelled e) {
      g.writeStringField("reason", e.reason());
    } else if (event instanceof Event.ChildStarted e) {
      g.writeStringField("run_id", e.childId());
      g.writeStringField("input_hash", e.inputHash());
    } else if (event instanceof Event.ChildCompleted e) {
      g.writeStringField("run_id", e.childId());
      raw(g, "result", e.result());
    } else if (event instanceof Event.ChildFailed e) {
      g.writeStringField("run_id", e.childId());
      failure(g, e.failure());
    } else if (event instanceof Event.ChildCancelled e) {
      g.writeStringField("run_id", e.childId());
      g.writeStringField("reason", e.reason());
    } else if (event instanceof Event.RunContinued e) {
      g.writeStringField("run_id", e.successorId());
      raw(g, "input", e.input());
    } else if (event instanceof Event.CancelDelivered e) {
      g.writeStringField("reason", e.reason());
    } else if (event instanceof Event.ConditionAwaited e) {
      if (e.timeoutAt() != null) {
        g.writeStringField("timeout_at", e.timeoutAt().toString());
      }
    } else if (event instanceof Event.UpdateApplied e) {
      g.writeStringField("update_id", e.updateId());
      raw(g, "input", e.input());
      if (e.failure() != null) {
        failure(g, e.failure());
      } else {
        raw(g, "result", e.result());
      }
    } else if (!(event instanceof Event.TimerFired
        || event instanceof Event.SignalTimedOut
        || event instanceof Event.ConditionMet
        || event instanceof Event.ConditionTimedOut)) {
      throw new AssertionError("unhandled event " + event);
    }
  }

  private static void raw(JsonGenerator g, String field, Payload payload) throws IOException {
    g.writeFieldName(field);
    g.writeRawValue(new RawJson(payload.json()));
  }

  private static void failure(JsonGenerator g, Failure f) throws IOException {
    g.writeObjectFieldStart("failure");
    g.writeStringField("type", f.type());
    g.writeStringField("message", f.message());
    g.writeStringField("stack", f.stackTrace());
    g.writeEndObject();
  }

  private static void options(JsonGenerator g, ActivityOptions o) throws IOException {
    RetryPolicy r = o.retry();
    g.writeObjectFieldStart("options");
    g.writeNumberField("timeout_ms", o.startToCloseTimeout().toMillis());
    g.writeNumberField("max_attempts", r.maxAttempts());
    g.writeNumberField("initial_backoff_ms", r.initialBackoff().toMillis());
    g.writeNumberField("max_backoff_ms", r.maxBackoff().toMillis());
    g.writeNumberField("multiplier", r.multiplier());
    if (o.idempotencyKey() != null) {
      g.writeStringField("idempotency_key", o.idempotencyKey());
    }
    if (o.compensation() != null) {
      g.writeStringField("compensate_with", o.compensation().activityType());
    }
    if (o.heartbeatTimeout() != null) {
      g.writeNumberField("heartbeat_timeout_ms", o.heartbeatTimeout().toMillis());
    }
    g.writeArrayFieldStart("non_retryable");
    for (String type : r.nonRetryable()) {
      g.writeString(type);
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
