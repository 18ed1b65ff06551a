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

  /**
   * The run's inbox changed, or it became claimable.
   *
   * @param runId the run's key
   * @param heard whether another node's write was heard of (on a channel every node listens to, or
   *     by a scan every node makes), rather than made by this node: each node acts on a heard
   *     notice for itself only, and only the writer passes a notice on to the run's owner
   * @param owner the holder of the run's live lease when the write saw it, when the write read it
   *     anyway (a hint for routing the notice; null when unknown or nobody held one)
   */
  record RunReady(String runId, boolean heard, String owner) implements JournalNotice {
    public RunReady {
      Objects.requireNonNull(runId, "runId");
    }

    /** A notice of this node's own write. */
    public RunReady(String runId) {
      this(runId, false, null);
    }

    /** A notice of a write, this node's or (heard) another's. */
    public RunReady(String runId, boolean heard) {
      this(runId, heard, null);
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
