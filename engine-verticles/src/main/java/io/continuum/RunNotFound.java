package io.continuum;

/**
 * No run has this id (in the caller's namespace).
 *
 * <pre>{@code
 * client.signal("no-such-run", "go", null)
 *     .onFailure(err -> assertThat(err).isInstanceOf(RunNotFound.class));
 * }</pre>
 */
public final class RunNotFound extends ContinuumException {
  private final String runId;

  public RunNotFound(String runId) {
    super("no run with id '" + RunRef.idOf(runId) + "'");
    this.runId = RunRef.idOf(runId);
  }

  public String runId() {
    return runId;
  }

  @Override
  public String errorType() {
    return "run-not-found";
  }
}
