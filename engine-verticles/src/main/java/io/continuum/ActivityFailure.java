package io.continuum;

/**
 * Thrown into workflow code when an activity failed after its last attempt (or at once, for a
 * non-retryable error). Catch it to handle the failure; let it escape to fail the run.
 *
 * <pre>{@code
 * try {
 *   ctx.activity(ChargeCard.class, payment);
 * } catch (ActivityFailure f) {
 *   log.warn("charge failed after {} attempts: {}", f.attempts(), f.failure());
 *   return Receipt.rejected();
 * }
 * }</pre>
 */
public final class ActivityFailure extends ContinuumException {
  private final String activityType;
  private final int attempts;
  private final Failure failure;

  public ActivityFailure(String activityType, int attempts, Failure failure) {
    super(
        "activity '"
            + activityType
            + "' failed after "
            + attempts
            + (attempts == 1 ? " attempt: " : " attempts: ")
            + failure);
    this.activityType = activityType;
    this.attempts = attempts;
    this.failure = failure;
  }

  /** The activity type name. */
  public String activityType() {
    return activityType;
  }

  /** How many attempts ran. */
  public int attempts() {
    return attempts;
  }

  /** The last attempt's error. */
  public Failure failure() {
    return failure;
  }

  @Override
  public String errorType() {
    return "activity-failed";
  }
}
