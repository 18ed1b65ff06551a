package io.continuum;

/**
 * A run was cancelled. A client awaiting the run gets it; so does the workflow code itself, thrown
 * at the wait it is at (or reaches next) when the cancel arrives, so it can clean up.
 *
 * <pre>{@code
 * // a client
 * client.cancel(runId).compose(v -> client.await(runId, Receipt.class))
 *     .onFailure(err -> assertThat(err).isInstanceOf(CancelledFailure.class));
 *
 * // the workflow: undo the charge, then let the run end cancelled
 * try {
 *   ctx.awaitSignal("approval", Approval.class);
 * } catch (CancelledFailure cancelled) {
 *   ctx.compensateAll();
 *   throw cancelled;
 * }
 * }</pre>
 *
 * <p>Inside the workflow the failure is delivered once; the code that catches it runs on without
 * further cancels (activities, timers, {@code compensateAll()} all work), for at most the engine's
 * cancel grace period, and the run then ends {@code cancelled} however the code ends.
 */
public final class CancelledFailure extends ContinuumException {
  private final String runId;
  private final String reason;

  public CancelledFailure(String runId) {
    this(runId, "");
  }

  /** The failure thrown into the workflow code of {@code runId}, cancelled for {@code reason}. */
  public CancelledFailure(String runId, String reason) {
    super(
        "run '"
            + RunRef.idOf(runId)
            + "' was cancelled"
            + (reason == null || reason.isEmpty() ? "" : ": " + reason));
    this.runId = RunRef.idOf(runId);
    this.reason = reason == null ? "" : reason;
  }

  public String runId() {
    return runId;
  }

  /** Why the run was cancelled, as the canceller said (empty when unknown). */
  public String reason() {
    return reason;
  }

  @Override
  public String errorType() {
    return "run-cancelled";
  }
}
