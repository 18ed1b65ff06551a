package io.continuum;

/**
 * How {@link WorkflowContext#compensateAll(CompensationMode)} runs the pending compensations.
 *
 * <pre>{@code
 * ctx.compensateAll(CompensationMode.PARALLEL);   // schedule all, then wait for every one
 * }</pre>
 */
public enum CompensationMode {
  /** Most recent first, one after another: each is scheduled and finished before the next. */
  SEQUENTIAL,
  /** All scheduled in one step (most recent first); resumes when every one has finished. */
  PARALLEL
}
