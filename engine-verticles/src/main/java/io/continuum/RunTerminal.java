package io.continuum;

/**
 * The run has finished (completed, failed, cancelled or continued), so it can no longer take a
 * signal or a cancel.
 *
 * <pre>{@code
 * client.signal(finishedRunId, "go", null)
 *     .onFailure(err -> log.info("too late: run is {}", ((RunTerminal) err).state()));
 * }</pre>
 */
public final class RunTerminal extends ContinuumException {
  private final String runId;
  private final RunState state;

  public RunTerminal(String runId, RunState state) {
    super("run '" + RunRef.idOf(runId) + "' is " + state.wireName());
    this.runId = RunRef.idOf(runId);
    this.state = state;
  }

  public String runId() {
    return runId;
  }

  /** The run's terminal state. */
  public RunState state() {
    return state;
  }

  @Override
  public String errorType() {
    return "run-terminal";
  }
}
