package io.continuum.core.replay;

import io.continuum.ReplayDriftError;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import java.util.List;
import java.util.Objects;

/**
 * What one step produced, to be committed atomically: new events (numbered after the history's last
 * seq), the state the run moves to, the inbox items consumed, the activity tasks and timers to
 * create and the attributes to merge. A {@link RunState#DRIFTED} outcome carries the drift and no
 * events.
 *
 * <pre>{@code
 * StepOutcome o = executor.step(definition, history, input);
 * if (o.state() == RunState.DRIFTED) park(o.drift()); else journal.commit(runId, lease, o);
 * }</pre>
 *
 * @param state SUSPENDED, COMPLETED, FAILED, CANCELLED or DRIFTED
 * @param events the new events, in order
 * @param consumed the inbox items this step consumed
 * @param activities activity tasks to create (empty for terminal outcomes)
 * @param timers timers to create (empty for terminal outcomes)
 * @param attributes a JSON object to merge into the run's attributes, or null
 * @param drift the drift, for DRIFTED outcomes
 * @param children child runs to create (their {@code child_started} is among the events)
 */
public record StepOutcome(
    RunState state,
    List<Event> events,
    List<InboxItem> consumed,
    List<ActivityRequest> activities,
    List<TimerRequest> timers,
    Payload attributes,
    ReplayDriftError drift,
    List<ChildRequest> children) {

  /** An outcome that starts no child. */
  public StepOutcome(
      RunState state,
      List<Event> events,
      List<InboxItem> consumed,
      List<ActivityRequest> activities,
      List<TimerRequest> timers,
      Payload attributes,
      ReplayDriftError drift) {
    this(state, events, consumed, activities, timers, attributes, drift, List.of());
  }

  /** Validates the outcome. */
  public StepOutcome {
    Objects.requireNonNull(state, "state");
    events = List.copyOf(events);
    consumed = List.copyOf(consumed);
    activities = List.copyOf(activities);
    timers = List.copyOf(timers);
    children = List.copyOf(children);
    if ((state == RunState.DRIFTED) != (drift != null)) {
      throw new IllegalArgumentException("a drift goes with the DRIFTED state, and only with it");
    }
  }

  /** Whether the step produced nothing to commit (a replay that ended where it started). */
  public boolean isEmpty() {
    return state == RunState.SUSPENDED
        && events.isEmpty()
        && consumed.isEmpty()
        && attributes == null;
  }

  /** The terminal event, if the step ended the run. */
  public Event.Terminal terminal() {
    return events.isEmpty() || !(events.get(events.size() - 1) instanceof Event.Terminal t)
        ? null
        : t;
  }
}
