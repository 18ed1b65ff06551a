package io.continuum.journal;

import java.util.List;

/**
 * What {@link Journal#start} did.
 *
 * <pre>{@code
 * journal.start(run, step, owner, ttl, null).onSuccess(r -> { if (r.created()) host(r.lease()); });
 * }</pre>
 *
 * @param created true when the run was created, false when an identical one existed
 * @param lease the new run's lease (null when not created, or when the first step ended it)
 * @param lastSeq the run's last seq
 * @param existing the existing run's row (null when created)
 * @param leased the tasks of the first step created already leased (see {@link TaskLeasing})
 */
public record StartResult(
    boolean created, Lease lease, int lastSeq, RunRecord existing, List<ActivityTask> leased) {

  /** Validates the result. */
  public StartResult {
    leased = List.copyOf(leased);
  }
}
