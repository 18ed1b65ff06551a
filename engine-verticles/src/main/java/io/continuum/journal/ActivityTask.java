package io.continuum.journal;

import io.continuum.ActivityOptions;
import io.continuum.core.payload.Payload;
import java.time.Instant;
import java.util.Objects;

/**
 * A claimed activity task: one attempt to run.
 *
 * <pre>{@code
 * for (ActivityTask t : journal.claimTasks(owner, 16, ttl).await()) run(t);
 * }</pre>
 *
 * @param taskId the task id
 * @param runId the run that scheduled it
 * @param commandSeq the seq of its {@code activity_scheduled} (or, for a saga compensation, {@code
 *     compensation_scheduled}) event
 * @param activityType the activity type name
 * @param input the input
 * @param options timeout and retry policy
 * @param attempt this attempt's number, from 1
 * @param idempotencyKey the same on every attempt
 * @param leaseToken the task lease's fencing token
 * @param leaseExpiresAt when the task lease lapses unless heartbeated
 * @param reusedResult a result already committed under (type, idempotency key), or null
 * @param heartbeatDetails the details of the last heartbeat an earlier attempt recorded, or null
 * @param cancelRequested whether the run's cancel was requested while the task existed: the attempt
 *     ends as cancelled without running the body
 */
public record ActivityTask(
    long taskId,
    String runId,
    int commandSeq,
    String activityType,
    Payload input,
    ActivityOptions options,
    int attempt,
    String idempotencyKey,
    long leaseToken,
    Instant leaseExpiresAt,
    Payload reusedResult,
    Payload heartbeatDetails,
    boolean cancelRequested) {

  /** Validates the task. */
  public ActivityTask {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(activityType, "activityType");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }

  /** A task without heartbeat details, not cancelled. */
  public ActivityTask(
      long taskId,
      String runId,
      int commandSeq,
      String activityType,
      Payload input,
      ActivityOptions options,
      int attempt,
      String idempotencyKey,
      long leaseToken,
      Instant leaseExpiresAt,
      Payload reusedResult) {
    this(
        taskId,
        runId,
        commandSeq,
        activityType,
        input,
        options,
        attempt,
        idempotencyKey,
        leaseToken,
        leaseExpiresAt,
        reusedResult,
        null,
        false);
  }
}
