package io.continuum.core.replay;

import io.continuum.Failure;
import io.continuum.ReplayDriftError;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.payload.PayloadCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a step accumulates while the workflow code runs: new events, consumed inbox, requests. */
final class StepRecorder {

  private final History history;
  private final PayloadCodec codec;
  private final List<Event> events = new ArrayList<>();
  private final Map<Integer, Event.Resolution> resolutions = new HashMap<>();
  private final Map<Integer, Integer> resolvedAt = new HashMap<>();
  private final Map<Integer, InboxItem.TimerFired> timeouts = new HashMap<>();
  private final Map<String, ArrayDeque<InboxItem.Signal>> mailbox = new HashMap<>();
  private final List<InboxItem> consumed = new ArrayList<>();
  private final List<ActivityRequest> activities = new ArrayList<>();
  private final List<TimerRequest> timers = new ArrayList<>();
  private final List<ChildRequest> children = new ArrayList<>();
  private Map<String, Object> attributes;
  private String cancelReason;

  StepRecorder(History history, PayloadCodec codec) {
    this.history = history;
    this.codec = codec;
  }

  /**
   * The run is being cancelled: {@code request} waits in the inbox (or null), {@code deliveredSeq}
   * is where the history told the code (or 0). Either way the run may now only end cancelled.
   */
  void cancelling(InboxItem.CancelRequested request, int deliveredSeq) {
    if (deliveredSeq > 0) {
      cancelReason = ((Event.CancelDelivered) history.get(deliveredSeq).event()).reason();
    } else if (request != null) {
      cancelReason = request.reason();
    }
  }

  /** Whether the run may only end cancelled. */
  boolean cancelling() {
    return cancelReason != null;
  }

  /**
   * Turns activity (and compensation) outcomes and sleep firings into resolutions; files signals
   * and timeouts.
   */
  void absorb(List<InboxItem> inbox) {
    for (InboxItem item : inbox) {
      if (item instanceof InboxItem.Signal s) {
        mailbox.computeIfAbsent(s.name(), n -> new ArrayDeque<>()).add(s);
      } else if (item instanceof InboxItem.ActivityResult r) {
        absorbResult(r);
      } else if (item instanceof InboxItem.TimerFired t) {
        absorbTimer(t);
      } else if (item instanceof InboxItem.ChildOutcome o) {
        absorbChild(o);
      }
    }
  }

  private void absorbResult(InboxItem.ActivityResult r) {
    consumed.add(r);
    int seq = r.commandSeq();
    if (resolved(seq)) {
      return;
    }
    Event command = commandAt(seq);
    if (command instanceof Event.ActivityScheduled) {
      resolve(
          r.result() != null
              ? new Event.ActivityCompleted(seq, r.result(), r.attempts())
              : new Event.ActivityFailed(seq, r.failure(), r.attempts()));
    } else if (command instanceof Event.CompensationScheduled) {
      resolve(
          r.result() != null
              ? new Event.CompensationCompleted(seq, r.result(), r.attempts())
              : new Event.CompensationFailed(seq, r.failure(), r.attempts()));
    }
  }

  // An outcome whose command is not this child's start (a child inherited from a predecessor
  // that continued as new) has nobody waiting for it here: it is consumed and journals nothing.
  // Ids are compared without their namespace: a history recorded before run ids were per
  // namespace names the child by its bare id, its outcome by its key.
  private void absorbChild(InboxItem.ChildOutcome o) {
    consumed.add(o);
    int seq = o.commandSeq();
    if (resolved(seq)
        || !(commandAt(seq) instanceof Event.ChildStarted s)
        || !RunRef.idOf(s.childId()).equals(RunRef.idOf(o.childId()))) {
      return;
    }
    resolve(
        switch (o.state()) {
          case COMPLETED -> new Event.ChildCompleted(seq, o.childId(), o.result());
          case FAILED -> new Event.ChildFailed(seq, o.childId(), o.failure());
          default -> new Event.ChildCancelled(seq, o.childId(), o.reason());
        });
  }

  // A sleep's firing resolves at once; a signal's or a condition's timeout waits until the code
  // reaches the await, where a signal that arrived (or a condition that holds) meanwhile wins.
  private void absorbTimer(InboxItem.TimerFired t) {
    Event command = commandAt(t.commandSeq());
    if ((command instanceof Event.SignalAwaited || command instanceof Event.ConditionAwaited)
        && !resolved(t.commandSeq())) {
      timeouts.put(t.commandSeq(), t);
      return;
    }
    consumed.add(t);
    if (command instanceof Event.TimerStarted && !resolved(t.commandSeq())) {
      resolve(new Event.TimerFired(t.commandSeq()));
    }
  }

  /** The event at {@code seq}, in the history or among this step's new events. */
  Event eventAt(int seq) {
    return seq <= history.lastSeq()
        ? history.get(seq).event()
        : events.get(seq - history.lastSeq() - 1);
  }

  private Event commandAt(int seq) {
    return seq >= 1 && seq <= history.lastSeq() ? history.get(seq).event() : null;
  }

  private boolean resolved(int commandSeq) {
    return resolution(commandSeq) != null;
  }

  Event.Resolution resolution(int commandSeq) {
    Event.Resolution r = history.resolution(commandSeq);
    return r != null ? r : resolutions.get(commandSeq);
  }

  void resolve(Event.Resolution r) {
    events.add(r);
    resolutions.put(r.commandSeq(), r);
    resolvedAt.put(r.commandSeq(), history.lastSeq() + events.size());
  }

  /** The seq of the resolution of the command at {@code commandSeq}, or 0 when unresolved. */
  int resolvedAt(int commandSeq) {
    int at = history.resolvedAt(commandSeq);
    return at > 0 ? at : resolvedAt.getOrDefault(commandSeq, 0);
  }

  /** Replaces this step's event at {@code seq} (an update's, once its outcome is known). */
  void replace(int seq, Event.Command command) {
    events.set(seq - history.lastSeq() - 1, command);
  }

  /** Marks an inbox item as consumed by this step. */
  void consume(InboxItem item) {
    consumed.add(item);
  }

  /** Appends a new command; returns its seq. */
  int append(Event.Command command) {
    events.add(command);
    return history.lastSeq() + events.size();
  }

  InboxItem.Signal takeSignal(String name) {
    ArrayDeque<InboxItem.Signal> queue = mailbox.get(name);
    InboxItem.Signal s = queue == null ? null : queue.poll();
    if (s != null) {
      consumed.add(s);
    }
    return s;
  }

  boolean takeTimeout(int commandSeq) {
    InboxItem.TimerFired t = timeouts.remove(commandSeq);
    if (t != null) {
      consumed.add(t);
    }
    return t != null;
  }

  void activity(ActivityRequest request) {
    activities.add(request);
  }

  void timer(TimerRequest request) {
    timers.add(request);
  }

  void child(ChildRequest request) {
    children.add(request);
  }

  void mergeAttributes(Map<String, ?> merge) {
    if (attributes == null) {
      attributes = new LinkedHashMap<>();
    }
    attributes.putAll(merge);
  }

  StepOutcome suspended() {
    // a timeout whose await a signal resolved in this step is moot: consume it now, not next step
    for (InboxItem.TimerFired t : timeouts.values()) {
      if (resolved(t.commandSeq())) {
        consumed.add(t);
      }
    }
    return new StepOutcome(
        RunState.SUSPENDED,
        events,
        consumed,
        activities,
        timers,
        attributesPayload(),
        null,
        children);
  }

  // A run being cancelled ends cancelled however its code ends: its cleanup is kept, its result
  // (or failure, or successor) is not. Its cancel request is not listed as consumed: the journal
  // drops it with the run's end, and a host's own request was never in the journal.
  StepOutcome completed(Payload result) {
    if (cancelling()) {
      return cancelled();
    }
    events.add(new Event.RunCompleted(result));
    return terminal(RunState.COMPLETED);
  }

  StepOutcome continued(Payload input) {
    if (cancelling()) {
      return cancelled();
    }
    events.add(new Event.RunContinued(ChainIds.successor(history.started().runId()), input));
    return terminal(RunState.CONTINUED);
  }

  StepOutcome failed(Failure failure) {
    if (cancelling()) {
      return cancelled();
    }
    events.add(new Event.RunFailed(failure));
    return terminal(RunState.FAILED);
  }

  private StepOutcome cancelled() {
    events.add(new Event.RunCancelled(cancelReason));
    return terminal(RunState.CANCELLED);
  }

  /**
   * The run ends cancelled without what the code did in this step (its code broke a rule or drifted
   * while being cancelled: a cancel is never held up by a bug).
   */
  StepOutcome cancelledDiscardingStep() {
    return new StepOutcome(
        RunState.CANCELLED,
        List.of(new Event.RunCancelled(cancelReason)),
        List.of(),
        List.of(),
        List.of(),
        null,
        null);
  }

  /** A failure that journals nothing the code did in this step. */
  StepOutcome failedDiscardingStep(Failure failure) {
    if (cancelling()) {
      return cancelledDiscardingStep();
    }
    return new StepOutcome(
        RunState.FAILED,
        List.of(new Event.RunFailed(failure)),
        List.of(),
        List.of(),
        List.of(),
        null,
        null);
  }

  static StepOutcome drifted(ReplayDriftError drift) {
    return new StepOutcome(
        RunState.DRIFTED, List.of(), List.of(), List.of(), List.of(), null, drift);
  }

  private StepOutcome terminal(RunState state) {
    consumed.addAll(timeouts.values());
    return new StepOutcome(
        state, events, consumed, List.of(), List.of(), attributesPayload(), null, children);
  }

  private Payload attributesPayload() {
    return attributes == null ? null : codec.encode(attributes);
  }

  /** Attribute keys a workflow may set: 1 to 128 characters, not blank. */
  static void checkAttributeKeys(java.util.Map<String, ?> attributes) {
    java.util.Objects.requireNonNull(attributes, "attributes");
    for (String key : attributes.keySet()) {
      if (key == null || key.isBlank() || key.length() > 128) {
        throw new IllegalArgumentException("attribute keys must be 1-128 characters");
      }
    }
  }
}
