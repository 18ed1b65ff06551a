package io.continuum.core.replay;

import io.continuum.ActivityOptions;
import io.continuum.RunRef;
import io.continuum.core.payload.Payload;
import java.util.Objects;

/**
 * An activity task a step creates; the journal stores it in the step's transaction and workers
 * claim it after the commit.
 *
 * <pre>{@code
 * for (ActivityRequest a : outcome.activities()) log.info("schedule {} ({})", a.activityType(),
 *     a.idempotencyKey());
 * }</pre>
 *
 * @param commandSeq the seq of the {@code activity_scheduled} event, or of the {@code
 *     compensation_scheduled} event for a saga compensation (an ordinary activity task)
 * @param activityType the activity type name
 * @param input the input
 * @param options timeout and retry policy
 * @param idempotencyKey the same on every attempt: {@code <run key>/<commandSeq>}, or the
 *     workflow's chosen key ({@link #chosenKey})
 */
public record ActivityRequest(
    int commandSeq,
    String activityType,
    Payload input,
    ActivityOptions options,
    String idempotencyKey) {

  /** Validates the request. */
  public ActivityRequest {
    Objects.requireNonNull(activityType, "activityType");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }

  /**
   * Whether the key was chosen by the workflow ({@link ActivityOptions#idempotencyKey()}): only
   * then is a committed result recorded for reuse by later activities.
   */
  public boolean reusableKey() {
    return options.idempotencyKey() != null;
  }

  /**
   * The key a workflow chose, scoped to its run's namespace: results are reused per (activity type,
   * key), and one namespace must not receive another's results.
   */
  public static String chosenKey(String namespace, String key) {
    return RunRef.DEFAULT_NAMESPACE.equals(namespace) ? key : namespace + "/" + key;
  }

  /** The idempotency key of the activity scheduled at {@code commandSeq} in run {@code runKey}. */
  public static String idempotencyKey(String runId, int commandSeq) {
    return runId + "/" + commandSeq;
  }
}
