package io.continuum.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to write a run's history. The token comes from a journal-wide sequence and changes on
 * every claim, so a write under a stale token is fenced.
 *
 * <pre>{@code
 * journal.commit(new StepCommit(lease.runId(), lease.token(), lastSeq, outcome));
 * }</pre>
 *
 * @param runId the run id
 * @param owner who holds it: {@code node/instance/incarnation}
 * @param token the fencing token
 * @param expiresAt when it lapses unless renewed (journal time)
 */
public record Lease(String runId, String owner, long token, Instant expiresAt) {

  /** Validates the lease. */
  public Lease {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
