package io.continuum.journal;

import io.continuum.core.replay.StepOutcome;
import java.util.Objects;

/**
 * A step to commit: whose, under which lease token, after which seq, and what it produced.
 *
 * <pre>{@code
 * journal.commit(new StepCommit(runId, lease.token(), history.lastSeq(), outcome));
 * }</pre>
 *
 * @param runId the run id
 * @param leaseToken the fencing token of the lease the step ran under
 * @param expectedLastSeq the last seq the step replayed; its events follow it
 * @param outcome what the step produced
 */
public record StepCommit(String runId, long leaseToken, int expectedLastSeq, StepOutcome outcome) {

  /** Validates the commit. */
  public StepCommit {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(outcome, "outcome");
  }
}
