package io.continuum.journal;

import java.util.List;

/**
 * What {@link Journal#commit} did: the run's new last seq, and the tasks it created leased (see
 * {@link TaskLeasing}), ready to run.
 *
 * <pre>{@code
 * journal.commit(commit).onSuccess(r -> r.leased().forEach(worker::run));
 * }</pre>
 *
 * @param lastSeq the seq of the step's last event
 * @param leased the tasks created already leased
 */
public record CommitResult(int lastSeq, List<ActivityTask> leased) {

  /** Validates the result. */
  public CommitResult {
    leased = List.copyOf(leased);
  }
}
