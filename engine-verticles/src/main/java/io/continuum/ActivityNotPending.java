package io.continuum;

/**
 * A genuine completion token whose attempt can no longer be completed: the token was used already,
 * the attempt timed out (a later attempt has its own token), or the run was cancelled or ended.
 * Nothing was written; the REST API answers 409.
 *
 * <pre>{@code
 * client.completeActivity(token, result)
 *     .onFailure(err -> { if (err instanceof ActivityNotPending) log.info("too late"); });
 * }</pre>
 */
public final class ActivityNotPending extends ContinuumException {
  private final String runId;

  public ActivityNotPending(String runId) {
    super(
        "the activity attempt of this token (run '"
            + RunRef.idOf(runId)
            + "') is no longer pending: it was completed, timed out, or its run was cancelled"
            + " or ended");
    this.runId = RunRef.idOf(runId);
  }

  /** The run the token's attempt belongs to (its id within the namespace). */
  public String runId() {
    return runId;
  }

  @Override
  public String errorType() {
    return "activity-not-pending";
  }
}
