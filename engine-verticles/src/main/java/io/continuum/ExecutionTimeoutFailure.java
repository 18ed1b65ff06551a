package io.continuum;

/**
 * The awaited run's continue-as-new chain passed its execution timeout ({@link
 * StartOptions#withExecutionTimeout}): the run ended {@link RunState#FAILED} with a failure of type
 * {@link #TYPE}. A {@link WorkflowFailure}, so code that handles failed runs handles this one too.
 *
 * <pre>{@code
 * client.await(runId, Receipt.class).onFailure(err -> {
 *   if (err instanceof ExecutionTimeoutFailure t) log.warn("run {} took too long", t.runId());
 * });
 * }</pre>
 */
public final class ExecutionTimeoutFailure extends WorkflowFailure {

  /** The {@link Failure#type()} of a run that passed its execution timeout. */
  public static final String TYPE = "execution_timeout";

  public ExecutionTimeoutFailure(String runId, Failure failure) {
    super(runId, failure);
  }

  /** Whether {@code failure} is an execution timeout's. */
  public static boolean is(Failure failure) {
    return failure != null && TYPE.equals(failure.type());
  }

  @Override
  public String errorType() {
    return "execution-timeout";
  }
}
