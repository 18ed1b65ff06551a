package io.continuum.journal;

import io.continuum.core.replay.StepOutcome;
import java.util.Objects;

/**
 * A step to commit: whose, under which lease token, after which seq, what it produced, and which of
 * its new tasks this node will run itself.
 *
 * <pre>{@code
 * journal.commit(new StepCommit(runId, lease.token(), history.lastSeq(), outcome, null));
 * }</pre>
 *
 * @param runId the run id
 * @param leaseToken the fencing token of the lease the step ran under
 * @param expectedLastSeq the last seq the step replayed; its events follow it
 * @param outcome what the step produced
 * @param leasing the new tasks to create already leased, or null for none
 * @param successorVersion when the step continues as new: the version hash the successor starts on
 *     (the newest registered version of the workflow), or null when unversioned
 * @param snapshot a snapshot of the history up to the step's last event, to store with the step
 *     (replacing the run's older ones), or null; a step that ends the run drops its snapshots
 */
public record StepCommit(
    String runId,
    long leaseToken,
    int expectedLastSeq,
    StepOutcome outcome,
    TaskLeasing leasing,
    String successorVersion,
    StoredSnapshot snapshot) {

  /** Validates the commit. */
  public StepCommit {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(outcome, "outcome");
    if (snapshot != null && snapshot.seq() > expectedLastSeq + outcome.events().size()) {
      throw new IllegalArgumentException("a snapshot cannot reach past the step's last event");
    }
  }

  /** A commit without a snapshot. */
  public StepCommit(
      String runId,
      long leaseToken,
      int expectedLastSeq,
      StepOutcome outcome,
      TaskLeasing leasing,
      String successorVersion) {
    this(runId, leaseToken, expectedLastSeq, outcome, leasing, successorVersion, null);
  }

  /** This commit with {@code snapshot} stored in its transaction. */
  public StepCommit withSnapshot(StoredSnapshot snapshot) {
    return new StepCommit(
        runId, leaseToken, expectedLastSeq, outcome, leasing, successorVersion, snapshot);
  }

  /** A commit whose step does not continue as new. */
  public StepCommit(
      String runId,
      long leaseToken,
      int expectedLastSeq,
      StepOutcome outcome,
      TaskLeasing leasing) {
    this(runId, leaseToken, expectedLastSeq, outcome, leasing, null);
  }

  /** A commit that leases nothing. */
  public StepCommit(String runId, long leaseToken, int expectedLastSeq, StepOutcome outcome) {
    this(runId, leaseToken, expectedLastSeq, outcome, null);
  }
}
