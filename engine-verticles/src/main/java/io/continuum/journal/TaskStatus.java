package io.continuum.journal;

import io.continuum.Failure;
import io.continuum.core.payload.Payload;
import java.time.Instant;
import java.util.Objects;

/**
 * An activity task of a run that has not delivered its outcome yet, as the journal has it: for
 * people watching the run, never for the engine's decisions.
 *
 * <pre>{@code
 * journal.pendingTasks(runKey).onSuccess(ts -> ts.forEach(t ->
 *     log.info("{} attempt {} of {}", t.activityType(), t.attempt(), t.maxAttempts())));
 * }</pre>
 *
 * @param commandSeq the seq of the event that scheduled it
 * @param activityType the activity type name
 * @param attempt attempts started so far (0 before the first)
 * @param maxAttempts the most attempts it gets
 * @param leased whether an attempt runs now (a worker holds its lease)
 * @param availableAt when the next attempt may start (when not leased)
 * @param lastFailure the last failed attempt's error, or null
 * @param heartbeatDetails the last heartbeat details an attempt recorded (its progress), or null
 */
public record TaskStatus(
    int commandSeq,
    String activityType,
    int attempt,
    int maxAttempts,
    boolean leased,
    Instant availableAt,
    Failure lastFailure,
    Payload heartbeatDetails) {

  /** Validates the status. */
  public TaskStatus {
    Objects.requireNonNull(activityType, "activityType");
    Objects.requireNonNull(availableAt, "availableAt");
  }

  /** A status without heartbeat details. */
  public TaskStatus(
      int commandSeq,
      String activityType,
      int attempt,
      int maxAttempts,
      boolean leased,
      Instant availableAt,
      Failure lastFailure) {
    this(commandSeq, activityType, attempt, maxAttempts, leased, availableAt, lastFailure, null);
  }
}
