package io.continuum.journal;

import io.continuum.core.payload.Payload;
import java.time.Instant;
import java.util.Objects;

/**
 * An activity's own heartbeat, written with a task lease beat ({@link Journal#beatTask}): its
 * details and when the activity made it, on the journal's clock. A throttled heartbeat may be
 * written a little later than it was made; the task's heartbeat deadline counts from {@code at}
 * (never from later than the write), so a late write never buys an attempt extra time.
 *
 * <pre>{@code
 * journal.beatTask(task.taskId(), task.leaseToken(), ttl,
 *     new TaskHeartbeat(codec.encode(progress), journal.clock().instant()));
 * }</pre>
 *
 * @param details the details (JSON, possibly {@code null} as JSON), handed to the next attempt
 * @param at when the activity heartbeated
 */
public record TaskHeartbeat(Payload details, Instant at) {

  /** Validates the heartbeat. */
  public TaskHeartbeat {
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(at, "at");
  }
}
