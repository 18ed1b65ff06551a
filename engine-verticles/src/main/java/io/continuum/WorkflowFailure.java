package io.continuum;

/**
 * The awaited run ended in the {@link RunState#FAILED} state: its workflow code threw, or (as the
 * subtype {@link ExecutionTimeoutFailure}) its execution timeout passed.
 *
 * <pre>{@code
 * client.await(runId, Receipt.class).onFailure(err -> {
 *   if (err instanceof WorkflowFailure f) log.warn("run {} failed: {}", f.runId(), f.failure());
 * });
 * }</pre>
 */
public sealed class WorkflowFailure extends ContinuumException permits ExecutionTimeoutFailure {
  private final String runId;
  private final Failure failure;

  public WorkflowFailure(String runId, Failure failure) {
    super("run '" + RunRef.idOf(runId) + "' failed: " + failure);
    this.runId = RunRef.idOf(runId);
    this.failure = failure;
  }

  public String runId() {
    return runId;
  }

  /** The error that failed the run. */
  public Failure failure() {
    return failure;
  }

  @Override
  public String errorType() {
    return "run-failed";
  }
}
