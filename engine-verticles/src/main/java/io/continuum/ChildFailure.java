package io.continuum;

/**
 * Thrown into a parent workflow when the child it awaits failed or was cancelled. Catch it to
 * handle the child's end; let it escape to fail the parent.
 *
 * <pre>{@code
 * try {
 *   ctx.child(ShipOrder.class, order);
 * } catch (ChildFailure f) {
 *   if (f.state() == RunState.CANCELLED) return Receipt.notShipped();
 *   throw f;
 * }
 * }</pre>
 */
public final class ChildFailure extends ContinuumException {
  private final String childId;
  private final String workflowType;
  private final RunState state;
  private final Failure failure;

  public ChildFailure(String childId, String workflowType, RunState state, Failure failure) {
    super(
        "child run '"
            + RunRef.idOf(childId)
            + "' ("
            + workflowType
            + ") "
            + (state == RunState.CANCELLED ? "was cancelled" : "failed")
            + (failure.message().isEmpty() && state == RunState.CANCELLED ? "" : ": " + failure));
    this.childId = RunRef.idOf(childId);
    this.workflowType = workflowType;
    this.state = state;
    this.failure = failure;
  }

  /** The child's run id. */
  public String childId() {
    return childId;
  }

  /** The child's workflow type name. */
  public String workflowType() {
    return workflowType;
  }

  /** {@link RunState#FAILED} or {@link RunState#CANCELLED}. */
  public RunState state() {
    return state;
  }

  /** The child's error; for a cancelled child, type {@code cancelled} and the reason. */
  public Failure failure() {
    return failure;
  }

  @Override
  public String errorType() {
    return "child-failed";
  }
}
