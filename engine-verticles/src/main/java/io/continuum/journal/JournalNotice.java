package io.continuum.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * A hint that work is waiting. Notices may be lost or duplicated; every kind of work is also found
 * by polling.
 *
 * <pre>{@code
 * if (notice instanceof JournalNotice.RunReady r) wake(r.runId());
 * }</pre>
 */
public sealed interface JournalNotice {

  /** The run's inbox changed, or it became claimable. */
  record RunReady(String runId) implements JournalNotice {
    public RunReady {
      Objects.requireNonNull(runId, "runId");
    }
  }

  /** Activity tasks became claimable. */
  record TasksReady() implements JournalNotice {}

  /** A timer due at {@code fireAt} was created. */
  record TimerArmed(Instant fireAt) implements JournalNotice {
    public TimerArmed {
      Objects.requireNonNull(fireAt, "fireAt");
    }
  }
}
