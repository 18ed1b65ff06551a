package io.continuum.journal;

import io.continuum.Failure;
import io.continuum.core.payload.Payload;
import java.util.Objects;

/**
 * The outcome of an externally completed activity attempt, as a verified completion token names it:
 * {@link Journal#completeExternally} applies it only while that very attempt still holds its task.
 *
 * <pre>{@code
 * journal.completeExternally(new ExternalCompletion(taskId, runKey, attempt, leaseToken, result, null));
 * }</pre>
 *
 * @param taskId the task
 * @param runId the run key the task must belong to
 * @param attempt the attempt that must still hold it
 * @param leaseToken that attempt's lease token
 * @param result the result, or null when {@code failure} is set
 * @param failure the failure, or null when {@code result} is set
 */
public record ExternalCompletion(
    long taskId, String runId, int attempt, long leaseToken, Payload result, Failure failure) {

  /** Validates the completion: exactly one of result and failure. */
  public ExternalCompletion {
    Objects.requireNonNull(runId, "runId");
    if ((result == null) == (failure == null)) {
      throw new IllegalArgumentException("an external completion has a result or a failure");
    }
  }
}
