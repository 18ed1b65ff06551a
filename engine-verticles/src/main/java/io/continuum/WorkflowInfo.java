package io.continuum;

import java.time.Instant;

/**
 * Facts about the current run, available from {@link WorkflowContext#info()}. Reading them is
 * deterministic and journals nothing.
 *
 * <pre>{@code
 * log.info("run {} of {} started at {}", ctx.info().runId(), ctx.info().workflowType(),
 *     ctx.info().startedAt());
 * }</pre>
 *
 * @param runId the run id
 * @param workflowType the workflow type name
 * @param namespace the run's namespace
 * @param startedAt when the run started (the time of its first step)
 * @param parentId the id of the run that started this one as a child, or null
 */
public record WorkflowInfo(
    String runId, String workflowType, String namespace, Instant startedAt, String parentId) {

  /** Facts about a run that is nobody's child. */
  public WorkflowInfo(String runId, String workflowType, String namespace, Instant startedAt) {
    this(runId, workflowType, namespace, startedAt, null);
  }
}
