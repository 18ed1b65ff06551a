package io.continuum.journal;

/**
 * What {@link Journal#requeueExpiredTasks} did.
 *
 * <pre>{@code
 * journal.requeueExpiredTasks().onSuccess(r -> metrics.requeued(r.requeued()));
 * }</pre>
 *
 * @param requeued tasks put back for another attempt
 * @param exhausted tasks failed with {@code attempts_exhausted}
 */
public record SweepResult(int requeued, int exhausted) {

  /** The failure type of a task whose attempts ran out by crashes. */
  public static final String ATTEMPTS_EXHAUSTED = "attempts_exhausted";
}
