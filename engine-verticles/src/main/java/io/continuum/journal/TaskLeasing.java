package io.continuum.journal;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Which of a step's new activity tasks are created already leased to a local worker (attempt 1,
 * with a task lease), so that the node that scheduled them runs them without a claim. The others
 * are created ready, for any node to claim.
 *
 * <pre>{@code
 * var leasing = new TaskLeasing(owner, Duration.ofSeconds(30), Set.of(2, 3)); // commands 2 and 3
 * journal.commit(new StepCommit(runId, token, lastSeq, outcome, leasing));
 * }</pre>
 *
 * @param owner the task lease owner
 * @param ttl the task lease TTL
 * @param commandSeqs the command seqs of the tasks to lease
 */
public record TaskLeasing(String owner, Duration ttl, Set<Integer> commandSeqs) {

  /** Validates the leasing. */
  public TaskLeasing {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(ttl, "ttl");
    commandSeqs = Set.copyOf(commandSeqs);
  }

  /** Whether the task of this command is to be leased. */
  public boolean leases(int commandSeq) {
    return commandSeqs.contains(commandSeq);
  }
}
