package io.continuum.journal;

import io.continuum.Failure;
import io.continuum.RunState;
import io.continuum.core.payload.Payload;
import java.time.Instant;
import java.util.Objects;

/**
 * A run's row.
 *
 * <pre>{@code
 * journal.run(runId).onSuccess(r -> log.info("{} is {}", r.runId(), r.state()));
 * }</pre>
 *
 * @param runId the run id
 * @param workflowType the workflow type name
 * @param namespace the namespace
 * @param state the state
 * @param lastSeq the last journaled seq
 * @param inputHash the input's hash (for idempotent starts)
 * @param createdAt when it started
 * @param updatedAt when the row last changed
 * @param leaseOwner who holds the lease, or null
 * @param leaseToken the lease's fencing token (0 when none)
 * @param leaseExpiresAt when the lease lapses, or null
 * @param result the result when completed, else null
 * @param failure the error when failed, else null
 * @param drift the drift description when drifted, else null
 * @param attributes the search attributes, a JSON object
 * @param versionHash the version of the code the run started on, or null (unversioned)
 * @param correlationId the id of the first run of its continue-as-new chain (its own id for a run
 *     that did not continue another)
 * @param continuedFrom the run it continues, or null
 * @param parentId the run that started it (or the chain's tip, when that run continued as new) as a
 *     child, or null
 * @param startAt when a run created with a start delay is due to take its first step, else null
 * @param executionDeadline when its continue-as-new chain fails with an execution timeout, or null
 */
public record RunRecord(
    String runId,
    String workflowType,
    String namespace,
    RunState state,
    int lastSeq,
    String inputHash,
    Instant createdAt,
    Instant updatedAt,
    String leaseOwner,
    long leaseToken,
    Instant leaseExpiresAt,
    Payload result,
    Failure failure,
    String drift,
    Payload attributes,
    String versionHash,
    String correlationId,
    String continuedFrom,
    String parentId,
    Instant startAt,
    Instant executionDeadline) {

  /** A row without a start time or a deadline. */
  public RunRecord(
      String runId,
      String workflowType,
      String namespace,
      RunState state,
      int lastSeq,
      String inputHash,
      Instant createdAt,
      Instant updatedAt,
      String leaseOwner,
      long leaseToken,
      Instant leaseExpiresAt,
      Payload result,
      Failure failure,
      String drift,
      Payload attributes,
      String versionHash,
      String correlationId,
      String continuedFrom,
      String parentId) {
    this(
        runId,
        workflowType,
        namespace,
        state,
        lastSeq,
        inputHash,
        createdAt,
        updatedAt,
        leaseOwner,
        leaseToken,
        leaseExpiresAt,
        result,
        failure,
        drift,
        attributes,
        versionHash,
        correlationId,
        continuedFrom,
        parentId,
        null,
        null);
  }

  /** Validates the row. */
  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(workflowType, "workflowType");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(attributes, "attributes");
    correlationId = correlationId == null ? runId : correlationId;
  }

  /** Whether a lease is held at {@code now}. */
  public boolean leasedAt(Instant now) {
    return leaseOwner != null && leaseExpiresAt != null && leaseExpiresAt.isAfter(now);
  }
}
