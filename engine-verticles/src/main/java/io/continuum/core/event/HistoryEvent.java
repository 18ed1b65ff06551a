package io.continuum.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An event at its position in a run's history.
 *
 * <pre>{@code
 * for (HistoryEvent e : journal.history(runId).await()) {
 *   System.out.println(e.seq() + " " + e.event().typeName() + " at " + e.recordedAt());
 * }
 * }</pre>
 *
 * @param seq the position, from 1, gapless
 * @param recordedAt when the step that journaled it committed (the journal's clock)
 * @param event the event
 */
public record HistoryEvent(int seq, Instant recordedAt, Event event) {

  /** Validates the position. */
  public HistoryEvent {
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1, got " + seq);
    }
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(event, "event");
  }
}
