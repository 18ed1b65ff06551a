package io.continuum.pg.impl;

import io.continuum.Failure;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.RunRecord;
import io.continuum.journal.TimerEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** Reads rows of the schema into journal records. */
final class Rows {
  private Rows() {}

  static RunRecord run(Row r) {
    Object attributes = r.getValue("attributes");
    Long token = r.getLong("lease_token");
    return new RunRecord(
        r.getString("id"),
        r.getString("workflow_type"),
        r.getString("namespace"),
        RunState.fromWireName(r.getString("state")),
        r.getInteger("last_seq"),
        r.getString("input_hash"),
        Values.instant(r.getOffsetDateTime("created_at")),
        Values.instant(r.getOffsetDateTime("updated_at")),
        r.getString("lease_owner"),
        token == null ? 0 : token,
        Values.instant(r.getOffsetDateTime("lease_expires_at")),
        Values.payload(r.getBuffer("result")),
        Values.failure((JsonObject) r.getValue("failure")),
        r.getString("drift"),
        Payload.ofJson(attributes == null ? "{}" : attributes.toString()),
        r.getString("version_hash"),
        r.getString("correlation_id"),
        r.getString("continued_from"),
        r.getString("parent_run_id"),
        Values.instant(r.getOffsetDateTime("start_at")),
        Values.instant(r.getOffsetDateTime("execution_deadline")));
  }

  static HistoryEvent event(Row r) {
    Event e = EventCodec.decode(r.getBuffer("data").getBytes());
    return new HistoryEvent(
        r.getInteger("seq"), Values.instant(r.getOffsetDateTime("recorded_at")), e);
  }

  /** One row of the inbox query, or null for the row that carries the time and state. */
  static InboxItem inboxItem(Row r) {
    long id = r.getLong("id");
    int cmd = r.getInteger("cmd");
    return switch (r.getString("kind")) {
      case "s" ->
          new InboxItem.Signal(id, r.getString("name"), Values.payload(r.getBuffer("data")));
      case "t" -> new InboxItem.TimerFired(id, cmd);
      case "a" -> {
        Buffer result = r.getBuffer("data");
        yield new InboxItem.ActivityResult(
            id,
            cmd,
            result == null ? null : Values.payload(result),
            result == null ? Values.failure((JsonObject) r.getValue("failure")) : null,
            r.getInteger("attempts"));
      }
      case "c" -> new InboxItem.CancelRequested(id, r.getString("name"));
      case "u" -> {
        // name is "<handler>/<update id>"; a handler's name has no '/'
        String name = r.getString("name");
        int slash = name.indexOf('/');
        yield new InboxItem.UpdateRequested(
            id,
            name.substring(slash + 1),
            name.substring(0, slash),
            Values.payload(r.getBuffer("data")));
      }
      case "o" -> childOutcome(id, cmd, r);
      default -> null;
    };
  }

  // name is "<state>:<child id>"; a cancelled child's failure carries the reason as its message
  private static InboxItem.ChildOutcome childOutcome(long id, int cmd, Row r) {
    String name = r.getString("name");
    int colon = name.indexOf(':');
    RunState state = RunState.fromWireName(name.substring(0, colon));
    Failure failure = Values.failure((JsonObject) r.getValue("failure"));
    return new InboxItem.ChildOutcome(
        id,
        cmd,
        name.substring(colon + 1),
        state,
        state == RunState.COMPLETED ? Values.payload(r.getBuffer("data")) : null,
        state == RunState.FAILED ? failure : null,
        state == RunState.CANCELLED ? failure.message() : null);
  }

  static ActivityTask task(Row r) {
    return new ActivityTask(
        r.getLong("id"),
        r.getString("run_id"),
        r.getInteger("command_seq"),
        r.getString("activity_type"),
        Values.payload(r.getBuffer("input")),
        Values.options((JsonObject) r.getValue("options")),
        r.getInteger("attempt"),
        r.getString("idempotency_key"),
        r.getLong("lease_token"),
        Values.instant(r.getOffsetDateTime("lease_expires_at")),
        Values.payload(r.getBuffer("reused")),
        Values.payload(r.getBuffer("heartbeat_details")),
        r.getBoolean("cancel_requested"));
  }

  static TimerEntry timer(Row r) {
    return new TimerEntry(
        r.getLong("id"),
        r.getString("run_id"),
        r.getInteger("command_seq"),
        Values.instant(r.getOffsetDateTime("fire_at")));
  }
}
