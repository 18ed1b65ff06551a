package io.continuum;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of a run's row, as {@link Continuum#getRun} returns it.
 *
 * <pre>{@code
 * client.getRun(runId).onSuccess(d -> log.info("{} is {} at seq {}", d.runId(), d.state(),
 *     d.lastSeq()));
 * }</pre>
 *
 * @param runId the run id
 * @param workflowType the workflow type name
 * @param namespace the namespace
 * @param state the current state
 * @param lastSeq the sequence number of the last journaled event
 * @param createdAt when the run was started
 * @param updatedAt when the run row last changed
 * @param resultJson the result as JSON when completed, else null
 * @param failure the error when failed, else null
 * @param drift what does not replay, when drifted, else null
 * @param attributes the search attributes
 * @param correlationId the id of the first run of its continue-as-new chain (its own id when it
 *     continues no other run)
 * @param continuedFrom the run it continues, or null
 * @param parentId the run that started it as a child (the live tip of that run's chain), or null
 * @param versionHash the version of the code the run is pinned to, or null (unversioned)
 * @param startAt when a run started with a start delay takes (or took) its first step, else null
 * @param executionDeadline when its continue-as-new chain fails with an execution timeout ({@link
 *     StartOptions#withExecutionTimeout}), or null
 */
public record RunDescription(
    String runId,
    String workflowType,
    String namespace,
    RunState state,
    int lastSeq,
    Instant createdAt,
    Instant updatedAt,
    String resultJson,
    Failure failure,
    String drift,
    Map<String, Object> attributes,
    String correlationId,
    String continuedFrom,
    String parentId,
    String versionHash,
    Instant startAt,
    Instant executionDeadline) {

  /** A description without a start time or a deadline. */
  public RunDescription(
      String runId,
      String workflowType,
      String namespace,
      RunState state,
      int lastSeq,
      Instant createdAt,
      Instant updatedAt,
      String resultJson,
      Failure failure,
      String drift,
      Map<String, Object> attributes,
      String correlationId,
      String continuedFrom,
      String parentId,
      String versionHash) {
    this(
        runId,
        workflowType,
        namespace,
        state,
        lastSeq,
        createdAt,
        updatedAt,
        resultJson,
        failure,
        drift,
        attributes,
        correlationId,
        continuedFrom,
        parentId,
        versionHash,
        null,
        null);
  }

  /** A description without a version (an unversioned run). */
  public RunDescription(
      String runId,
      String workflowType,
      String namespace,
      RunState state,
      int lastSeq,
      Instant createdAt,
      Instant updatedAt,
      String resultJson,
      Failure failure,
      String drift,
      Map<String, Object> attributes,
      String correlationId,
      String continuedFrom,
      String parentId) {
    this(
        runId,
        workflowType,
        namespace,
        state,
        lastSeq,
        createdAt,
        updatedAt,
        resultJson,
        failure,
        drift,
        attributes,
        correlationId,
        continuedFrom,
        parentId,
        null);
  }
}
