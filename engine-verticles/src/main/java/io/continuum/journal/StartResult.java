package io.continuum.journal;

/**
 * What {@link Journal#start} did.
 *
 * <pre>{@code
 * journal.start(run, step, owner, ttl).onSuccess(r -> { if (r.created()) host(r.lease()); });
 * }</pre>
 *
 * @param created true when the run was created, false when an identical one existed
 * @param lease the new run's lease (null when not created)
 * @param lastSeq the run's last seq
 * @param existing the existing run's row (null when created)
 */
public record StartResult(boolean created, Lease lease, int lastSeq, RunRecord existing) {}
