package io.continuum.journal;

import io.continuum.ReplayDriftError;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.ActivityRequest;
import io.continuum.core.replay.ChildRequest;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.TimerRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds {@link StepOutcome}s that read well in conformance tests.
 *
 * <pre>{@code
 * step(RunState.SUSPENDED).events(scheduled(CHARGE, 0)).activity(request).build();
 * }</pre>
 */
public final class StepBuilder {
  private final RunState state;
  private final List<Event> events = new ArrayList<>();
  private final List<InboxItem> consumed = new ArrayList<>();
  private final List<ActivityRequest> activities = new ArrayList<>();
  private final List<TimerRequest> timers = new ArrayList<>();
  private Payload attributes;
  private ReplayDriftError drift;
  private final List<ChildRequest> children = new ArrayList<>();

  StepBuilder(RunState state) {
    this.state = state;
  }

  public StepBuilder events(Event... more) {
    events.addAll(Arrays.asList(more));
    return this;
  }

  public StepBuilder consume(InboxItem... items) {
    consumed.addAll(Arrays.asList(items));
    return this;
  }

  public StepBuilder activity(ActivityRequest request) {
    activities.add(request);
    return this;
  }

  public StepBuilder timer(int commandSeq, Instant fireAt) {
    timers.add(new TimerRequest(commandSeq, fireAt));
    return this;
  }

  public StepBuilder attributes(String json) {
    attributes = Payload.ofJson(json);
    return this;
  }

  public StepBuilder drift(ReplayDriftError error) {
    drift = error;
    return this;
  }

  public StepBuilder child(ChildRequest request) {
    children.add(request);
    return this;
  }

  public StepOutcome build() {
    return new StepOutcome(
        state, events, consumed, activities, timers, attributes, drift, children);
  }
}
