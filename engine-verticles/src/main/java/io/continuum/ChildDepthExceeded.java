package io.continuum;

/**
 * A workflow tried to start a child deeper than the engine's {@code maxChildDepth} (10 by default;
 * {@code EngineOptions.withMaxChildDepth}). The run that made the call fails with this error and no
 * child is created: unbounded recursion of workflows is a bug, and failing loudly at the start call
 * shows where.
 *
 * <pre>{@code
 * client.await(runId, Tree.class).onFailure(err -> {
 *   // WorkflowFailure whose failure().type() is io.continuum.ChildDepthExceeded
 * });
 * }</pre>
 */
public final class ChildDepthExceeded extends ContinuumException {
  private final int depth;

  public ChildDepthExceeded(String runId, int depth, int maxDepth) {
    super(
        "run '"
            + runId
            + "' cannot start a child at depth "
            + depth
            + ": the maximum child depth is "
            + maxDepth);
    this.depth = depth;
  }

  /** The depth the child would have had. */
  public int depth() {
    return depth;
  }

  @Override
  public String errorType() {
    return "child-depth-exceeded";
  }
}
