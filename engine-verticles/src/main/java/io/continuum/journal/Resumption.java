package io.continuum.journal;

import io.continuum.core.event.HistoryEvent;
import java.util.List;
import java.util.Objects;

/**
 * What a node needs to resume a run it claimed, in one read: the run's row, its newest snapshot (if
 * any) and the events after it. Without a snapshot the tail is the whole history.
 *
 * <pre>{@code
 * journal.resume(runId).onSuccess(r ->
 *     log.info("{}: snapshot at {}, {} events after it", r.run().runId(), r.afterSeq(),
 *         r.tail().size()));
 * }</pre>
 *
 * @param run the run's row
 * @param snapshot its newest snapshot, or null
 * @param tail its events after the snapshot (all of them without one), in order
 */
public record Resumption(RunRecord run, StoredSnapshot snapshot, List<HistoryEvent> tail) {

  /** Validates it. */
  public Resumption {
    Objects.requireNonNull(run, "run");
    tail = List.copyOf(tail);
  }

  /** The seq the tail follows: the snapshot's, or 0. */
  public int afterSeq() {
    return snapshot == null ? 0 : snapshot.seq();
  }
}
