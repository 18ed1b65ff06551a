package io.continuum.load.replay;

import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.replay.History;
import io.continuum.core.replay.StepInput;
import io.continuum.core.replay.WorkflowDefinition;
import java.time.Instant;
import java.util.List;

/**
 * A complete {@link MixedWorkflow} run as {@link HistoryBuilder} produced it: every event but the
 * final {@code run_completed}, which {@link #completion()} holds. Replaying {@link #history()} with
 * {@link #replayInput()} returns {@code COMPLETED} with exactly that event.
 *
 * <pre>{@code
 * MixedHistory h = new HistoryBuilder(executor).build(12_500);
 * StepOutcome o = executor.step(h.definition(), h.history(), h.replayInput());
 * byte[][] stored = h.storedEvents();   // what a journal keeps
 * }</pre>
 *
 * @param definition the workflow definition
 * @param history the events, decoded and indexed
 * @param completion the event that ended the run
 * @param steps how many steps the run took
 * @param endedAt the time of the last step
 */
public record MixedHistory(
    WorkflowDefinition definition,
    History history,
    Event.RunCompleted completion,
    int steps,
    Instant endedAt) {

  /** The run id the builder used. */
  public static final String RUN_ID = "bench-mixed-1";

  /** The namespace the builder used. */
  public static final String NAMESPACE = "default";

  /** The events, in order. */
  public List<HistoryEvent> events() {
    return history.events();
  }

  /** Each event's stored bytes ({@link EventCodec#encode}), by seq - 1. */
  public byte[][] storedEvents() {
    List<HistoryEvent> events = events();
    byte[][] stored = new byte[events.size()][];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = EventCodec.encode(events.get(i).event());
    }
    return stored;
  }

  /** Each event's recording time, by seq - 1. */
  public Instant[] recordedAt() {
    return events().stream().map(HistoryEvent::recordedAt).toArray(Instant[]::new);
  }

  /** The input of a step that replays the whole history: a later time, an empty inbox. */
  public StepInput replayInput() {
    return new StepInput(RUN_ID, NAMESPACE, endedAt.plusSeconds(60), List.of());
  }
}
