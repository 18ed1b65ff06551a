package io.continuum.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * A pending timer.
 *
 * <pre>{@code
 * journal.timersDue(horizon, 1000).onSuccess(ts -> ts.forEach(wheel::add));
 * }</pre>
 *
 * @param timerId the timer id
 * @param runId the run it belongs to
 * @param commandSeq the seq of the command it belongs to
 * @param fireAt when it is due (journal time)
 */
public record TimerEntry(long timerId, String runId, int commandSeq, Instant fireAt) {

  /** Validates the entry. */
  public TimerEntry {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(fireAt, "fireAt");
  }
}
