package io.continuum;

/**
 * The awaited run was cancelled.
 *
 * <pre>{@code
 * client.cancel(runId).compose(v -> client.await(runId, Receipt.class))
 *     .onFailure(err -> assertThat(err).isInstanceOf(CancelledFailure.class));
 * }</pre>
 */
public final class CancelledFailure extends ContinuumException {
  private final String runId;

  public CancelledFailure(String runId) {
    super("run '" + RunRef.idOf(runId) + "' was cancelled");
    this.runId = RunRef.idOf(runId);
  }

  public String runId() {
    return runId;
  }

  @Override
  public String errorType() {
    return "run-cancelled";
  }
}
