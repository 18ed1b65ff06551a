package io.continuum.core.replay;

import io.continuum.ActivityDefinition;
import io.continuum.ActivityFailure;
import io.continuum.ActivityHandle;
import io.continuum.ActivityOptions;
import io.continuum.CompensationMode;
import io.continuum.CompensationResult;
import io.continuum.Failure;
import io.continuum.ReplayDriftError;
import io.continuum.SideEffectFailure;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowInfo;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.payload.PayloadCodec;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The {@link WorkflowContext} of one step: matches each call against the history, or records it.
 */
final class ReplayContext implements WorkflowContext {

  private final History history;
  private final StepInput input;
  private final PayloadCodec codec;
  private final WorkflowInfo info;
  private final StepRecorder step;

  private final CommandMatcher commands;
  private final PatchMarkers patches;
  private final Compensations sagas;
  private final StepGuard guard = new StepGuard();

  ReplayContext(History history, StepInput input, PayloadCodec codec, String workflowType) {
    this.history = history;
    this.input = input;
    this.codec = codec;
    this.step = new StepRecorder(history, codec);
    this.commands = new CommandMatcher(history);
    this.patches = new PatchMarkers(commands, step);
    this.sagas = new Compensations(this, step, history, input.runId());
    this.info =
        new WorkflowInfo(
            input.runId(), workflowType, input.namespace(), history.started().startedAt());
  }

  void absorb(List<InboxItem> inbox) {
    step.absorb(inbox);
  }

  // ---- activities -------------------------------------------------------------------------

  @Override
  public <I, O, A extends ActivityDefinition<I, O>> O activity(Class<A> activity, I input) {
    return await(startActivity(activity, input, ActivityOptions.defaults()));
  }

  @Override
  public <I, O, A extends ActivityDefinition<I, O>> O activity(
      Class<A> activity, I input, ActivityOptions options) {
    return await(startActivity(activity, input, options));
  }

  @Override
  public <I, O, A extends ActivityDefinition<I, O>> ActivityHandle<O> startActivity(
      Class<A> activity, I input) {
    return startActivity(activity, input, ActivityOptions.defaults());
  }

  @Override
  public <I, O, A extends ActivityDefinition<I, O>> ActivityHandle<O> startActivity(
      Class<A> activity, I activityInput, ActivityOptions options) {
    enter();
    Objects.requireNonNull(options, "options");
    ActivityTypes.Info type = ActivityTypes.of(activity);
    int seq = match(CommandKind.ACTIVITY, type.name());
    if (seq < 0) {
      Payload in = encode(activityInput);
      var id = new CommandId(CommandKind.ACTIVITY, type.name(), commands.ordinal());
      seq = step.append(new Event.ActivityScheduled(id, in, options));
      String key =
          options.idempotencyKey() != null
              ? options.idempotencyKey()
              : ActivityRequest.idempotencyKey(input.runId(), seq);
      step.activity(new ActivityRequest(seq, type.name(), in, options, key));
    }
    sagas.started(seq, options, activityInput);
    return new PendingActivity<>(this, type.name(), seq, type.resultType());
  }

  @Override
  public <O> O await(ActivityHandle<O> handle) {
    enter();
    PendingActivity<O> h = own(handle);
    Event.Resolution r = step.resolution(h.seq());
    if (r == null) {
      throw suspend("activity '" + h.type() + "' (seq " + h.seq() + ")");
    }
    return outcome(h, r);
  }

  @Override
  public <O> List<O> awaitAll(List<? extends ActivityHandle<? extends O>> handles) {
    enter();
    for (ActivityHandle<? extends O> handle : handles) {
      PendingActivity<? extends O> h = own(handle);
      if (step.resolution(h.seq()) == null) {
        throw suspend("all of " + handles.size() + " activities (seq " + h.seq() + " first)");
      }
    }
    List<O> results = new ArrayList<>(handles.size());
    for (ActivityHandle<? extends O> handle : handles) {
      PendingActivity<? extends O> h = own(handle);
      results.add(outcome(h, step.resolution(h.seq())));
    }
    return results;
  }

  private <O> O outcome(PendingActivity<O> h, Event.Resolution r) {
    if (r instanceof Event.ActivityCompleted c) {
      O result = c.result().decode(codec, h.resultType());
      sagas.completed(h.seq(), result);
      return result;
    }
    if (r instanceof Event.ActivityFailed f) {
      sagas.failed(h.seq());
      throw new ActivityFailure(h.type(), f.attempts(), f.failure());
    }
    throw drift(h.seq(), "an activity outcome", r.typeName());
  }

  @SuppressWarnings("unchecked")
  <O> PendingActivity<O> own(ActivityHandle<O> handle) {
    if (!(handle instanceof PendingActivity<?> h) || h.owner() != this) {
      throw new IllegalArgumentException("this handle was not started in the current step");
    }
    return (PendingActivity<O>) h;
  }

  // ---- sagas -------------------------------------------------------------------------------

  @Override
  public CompensationResult compensate(ActivityHandle<?> activity) {
    enter();
    return sagas.compensate(own(activity));
  }

  @Override
  public CompensationResult compensateAll(CompensationMode mode) {
    enter();
    return sagas.compensateAll(Objects.requireNonNull(mode, "mode"));
  }

  // ---- timers and signals -----------------------------------------------------------------

  @Override
  public void sleep(Duration duration) {
    enter();
    Objects.requireNonNull(duration, "duration");
    int seq = match(CommandKind.TIMER, "sleep");
    if (seq < 0) {
      Instant fireAt = input.now().plus(duration.isNegative() ? Duration.ZERO : duration);
      var id = new CommandId(CommandKind.TIMER, "sleep", commands.ordinal());
      seq = step.append(new Event.TimerStarted(id, fireAt));
      step.timer(new TimerRequest(seq, fireAt));
    }
    Event.Resolution r = step.resolution(seq);
    if (r == null) {
      throw suspend("a timer (seq " + seq + ")");
    }
    if (!(r instanceof Event.TimerFired)) {
      throw drift(seq, "timer_fired", r.typeName());
    }
  }

  @Override
  public <T> T awaitSignal(String name, Class<T> type) {
    return receive(name, type, null).orElse(null);
  }

  @Override
  public <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return receive(name, type, timeout);
  }

  private <T> Optional<T> receive(String name, Class<T> type, Duration timeout) {
    enter();
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a signal name must not be blank");
    }
    int seq = match(CommandKind.SIGNAL, name);
    if (seq < 0) {
      Instant timeoutAt = timeout == null ? null : input.now().plus(timeout);
      seq =
          step.append(
              new Event.SignalAwaited(
                  new CommandId(CommandKind.SIGNAL, name, commands.ordinal()), timeoutAt));
      if (timeoutAt != null) {
        step.timer(new TimerRequest(seq, timeoutAt));
      }
    }
    Event.Resolution r = step.resolution(seq);
    if (r == null) {
      InboxItem.Signal s = step.takeSignal(name);
      if (s != null) {
        r = new Event.SignalReceived(seq, s.id(), s.payload());
      } else if (step.takeTimeout(seq)) {
        r = new Event.SignalTimedOut(seq);
      } else {
        throw suspend("signal '" + name + "' (seq " + seq + ")");
      }
      step.resolve(r);
    }
    if (r instanceof Event.SignalReceived received) {
      return Optional.ofNullable(received.payload().decode(codec, type));
    }
    if (r instanceof Event.SignalTimedOut && timeout != null) {
      return Optional.empty();
    }
    throw drift(seq, r.typeName(), "a wait for signal '" + name + "'");
  }

  // ---- non-blocking effects ---------------------------------------------------------------

  @Override
  public Instant now() {
    return record(CommandKind.NOW, "now", Instant.class, input::now);
  }

  @Override
  public LocalDate today() {
    return record(
        CommandKind.NOW,
        "today",
        LocalDate.class,
        () -> LocalDate.ofInstant(input.now(), ZoneOffset.UTC));
  }

  @Override
  public UUID randomUUID() {
    return record(CommandKind.UUID, "uuid", UUID.class, UUID::randomUUID);
  }

  @Override
  public double random() {
    return record(
        CommandKind.RANDOM, "random", Double.class, () -> ThreadLocalRandom.current().nextDouble());
  }

  @Override
  public <T> T sideEffect(String name, Class<T> type, Supplier<? extends T> producer) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a side effect name must not be blank");
    }
    Objects.requireNonNull(producer, "producer");
    return record(CommandKind.SIDE_EFFECT, name, type, producer);
  }

  // The first execution returns the decoded copy too, so it behaves exactly like a replay; a
  // producer that throws is journaled as a failure and rethrown the same way on every replay.
  private <T> T record(CommandKind kind, String name, Type type, Supplier<? extends T> producer) {
    enter();
    int seq = match(kind, name);
    Event.ValueRecorded recorded;
    if (seq >= 0) {
      recorded = (Event.ValueRecorded) history.get(seq).event();
    } else {
      Object produced = null;
      Failure failed = null;
      guard.producing(true);
      try {
        produced = producer.get();
      } catch (RuntimeException e) {
        failed = Failure.of(e);
      } finally {
        guard.producing(false);
      }
      if (guard.fatal() != null) {
        throw guard.fatal();
      }
      var id = new CommandId(kind, name, commands.ordinal());
      recorded =
          failed != null
              ? new Event.ValueRecorded(id, null, failed)
              : new Event.ValueRecorded(id, encode(produced));
      step.append(recorded);
    }
    if (recorded.failure() != null) {
      throw new SideEffectFailure(name, recorded.failure());
    }
    return recorded.value().decode(codec, type);
  }

  @Override
  public void setAttributes(Map<String, ?> attributes) {
    enter();
    StepRecorder.checkAttributeKeys(attributes);
    if (match(CommandKind.ATTRIBUTES, "attributes") < 0) {
      Payload value = encode(attributes);
      step.append(
          new Event.AttributesSet(
              new CommandId(CommandKind.ATTRIBUTES, "attributes", commands.ordinal()), value));
      step.mergeAttributes(attributes);
    }
  }

  @Override
  public boolean patched(String changeId) {
    enter();
    return patches.patched(changeId);
  }

  @Override
  public void deprecatePatch(String changeId) {
    enter();
    patches.deprecate(changeId);
  }

  @Override
  public <R> R continueAsNew(Object nextInput) {
    enter();
    throw guard.continueAsNew(encode(nextInput));
  }

  @Override
  public WorkflowInfo info() {
    enter();
    return info;
  }

  // ---- matching, suspension, outcome ------------------------------------------------------

  /**
   * Encodes a new command's value. A value that cannot be encoded is a bug in the workflow: the run
   * fails with it, whatever the code does next, so that no execution can take a path a replay would
   * not.
   */
  Payload encode(Object value) {
    try {
      return codec.encode(value);
    } catch (RuntimeException e) {
      throw guard.fatal(e);
    }
  }

  /** Matches the next command against the history: its seq when replayed, -1 when new. */
  int match(CommandKind kind, String name) {
    try {
      return commands.match(kind, name);
    } catch (ReplayDriftError e) {
      throw guard.drift(e);
    }
  }

  private void enter() {
    guard.enter();
  }

  /** The ordinal of the command matched last. */
  int ordinal() {
    return commands.ordinal();
  }

  Suspension suspend(String waitingFor) {
    ReplayDriftError early = commands.unmatchedBefore("a wait for " + waitingFor);
    if (early != null) {
      throw guard.drift(early);
    }
    return guard.suspend(waitingFor);
  }

  ReplayDriftError drift(int seq, String expected, String actual) {
    return guard.drift(new ReplayDriftError(seq, expected, actual));
  }

  StepOutcome finish(Object result, Throwable thrown) {
    return StepFinish.finish(guard, commands, step, codec, result, thrown);
  }
}
