package io.continuum.journal;

import java.util.List;

/**
 * What {@link Journal#requeueExpiredTasks} did.
 *
 * <pre>{@code
 * journal.requeueExpiredTasks().onSuccess(r -> metrics.requeued(r.requeued()));
 * }</pre>
 *
 * @param requeued tasks put back for another attempt
 * @param exhausted tasks failed for good (attempts run out, a non-retryable timeout, or a cancelled
 *     task)
 * @param timedOut the tasks whose running attempt the sweep ended although its worker may still be
 *     alive: a missed heartbeat, or an externally completing attempt past its start-to-close
 *     timeout (their workers are told, so they stop at once)
 */
public record SweepResult(int requeued, int exhausted, List<Long> timedOut) {

  /** The failure type of a task whose attempts ran out by crashes. */
  public static final String ATTEMPTS_EXHAUSTED = "attempts_exhausted";

  /** The failure type of an attempt that did not heartbeat within its heartbeat timeout. */
  public static final String HEARTBEAT_TIMEOUT = "heartbeat_timeout";

  /** Copies the list. */
  public SweepResult {
    timedOut = List.copyOf(timedOut);
  }

  /** A sweep that timed out no running attempt. */
  public SweepResult(int requeued, int exhausted) {
    this(requeued, exhausted, List.of());
  }
}
