package io.continuum;

/**
 * A start named an existing run id with a different workflow type or input. (The same id, type and
 * input is not a conflict: the start returns the existing run.)
 *
 * <pre>{@code
 * client.start(Checkout.class, otherOrder, StartOptions.withId("order-42"))
 *     .onFailure(err -> assertThat(err).isInstanceOf(RunConflict.class));
 * }</pre>
 */
public final class RunConflict extends ContinuumException {
  private final String runId;

  public RunConflict(String runId, String detail) {
    super("run '" + RunRef.idOf(runId) + "' already exists with " + detail);
    this.runId = RunRef.idOf(runId);
  }

  public String runId() {
    return runId;
  }

  @Override
  public String errorType() {
    return "run-conflict";
  }
}
