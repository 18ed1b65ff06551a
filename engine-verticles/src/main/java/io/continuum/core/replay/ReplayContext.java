package io.continuum.core.replay;

import io.continuum.ActivityDefinition;
import io.continuum.ActivityFailure;
import io.continuum.ActivityHandle;
import io.continuum.ActivityOptions;
import io.continuum.Awaitable;
import io.continuum.ChildHandle;
import io.continuum.ChildOptions;
import io.continuum.CompensationMode;
import io.continuum.CompensationResult;
import io.continuum.QueryFailed;
import io.continuum.ReplayDriftError;
import io.continuum.RunRef;
import io.continuum.SignalHandle;
import io.continuum.TimerHandle;
import io.continuum.UnknownQuery;
import io.continuum.Workflow;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
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
  private final Children children;
  private final RecordedValues values;
  private final Waits waits;
  private final Updates updates;
  private final Deliveries deliveries;
  private final StepGuard guard = new StepGuard();
  private final Map<String, Supplier<?>> queries = new HashMap<>();

  ReplayContext(
      History history,
      StepInput input,
      PayloadCodec codec,
      String workflowType,
      ChildSettings childSettings,
      Duration cancelGrace) {
    this.history = history;
    this.input = input;
    this.codec = codec;
    this.step = new StepRecorder(history, codec);
    this.commands = new CommandMatcher(history);
    this.patches = new PatchMarkers(commands, step);
    this.sagas = new Compensations(this, step, history, input.runId());
    this.children = new Children(this, step, history, input, codec, childSettings);
    this.values = new RecordedValues(this, step, history, codec, guard);
    this.waits = new Waits(this, step, input, codec);
    this.updates = new Updates(this, step, commands, history, codec, guard, input.inbox());
    this.deliveries = new Deliveries(this, step, commands, input, cancelGrace, updates);
    step.cancelling(deliveries.request(), history.cancelDelivered());
    Event.RunStarted started = history.started();
    this.info =
        new WorkflowInfo(
            RunRef.idOf(input.runId()),
            workflowType,
            input.namespace(),
            started.startedAt(),
            started.parentId() == null ? null : RunRef.idOf(started.parentId()));
  }

  void absorb(List<InboxItem> inbox) {
    step.absorb(inbox);
  }

  // ---- queries ------------------------------------------------------------------------------

  private static final java.util.regex.Pattern QUERY_NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public void onQuery(String name, Supplier<?> handler) {
    Objects.requireNonNull(handler, "handler");
    if (name == null || !QUERY_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a query name is 1 to 128 characters of [A-Za-z0-9._:-], got '" + name + "'");
    }
    queries.put(name, handler);
  }

  @Override
  public <I, O> void onUpdate(
      String name,
      Class<I> type,
      Consumer<? super I> validator,
      Function<? super I, ? extends O> handler) {
    updates.register(name, type, validator, handler);
  }

  /** Checks update {@code name} with {@code input} against the state the replay reached. */
  void validateUpdate(String name, Payload input) {
    updates.validate(name, input);
  }

  /** Whether the replay could not follow the history (the code drifted). */
  ReplayDriftError drift() {
    return guard.drift();
  }

  /** Calls the handler of query {@code name}, with the context off limits meanwhile. */
  Object answer(String name) {
    Supplier<?> handler = queries.get(name);
    if (handler == null) {
      throw new UnknownQuery(name);
    }
    guard.querying(true);
    try {
      return handler.get();
    } catch (RuntimeException e) {
      throw new QueryFailed("query '" + name + "' failed: " + e.getMessage(), e);
    } finally {
      guard.querying(false);
    }
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
    enterWaiting();
    Objects.requireNonNull(options, "options");
    ActivityTypes.Info type = ActivityTypes.of(activity);
    int seq = match(CommandKind.ACTIVITY, type.name());
    if (seq < 0) {
      Payload in = encode(activityInput);
      var id = new CommandId(CommandKind.ACTIVITY, type.name(), commands.ordinal());
      seq = step.append(new Event.ActivityScheduled(id, in, options));
      String key =
          options.idempotencyKey() != null
              ? ActivityRequest.chosenKey(input.namespace(), options.idempotencyKey())
              : ActivityRequest.idempotencyKey(input.runId(), seq);
      step.activity(new ActivityRequest(seq, type.name(), in, options, key));
    }
    sagas.started(seq, options, activityInput);
    return new PendingActivity<>(this, type.name(), seq, type.resultType());
  }

  @Override
  public <O> O await(ActivityHandle<O> handle) {
    enterWaiting();
    PendingActivity<O> h = own(handle);
    atWait();
    Event.Resolution r = step.resolution(h.seq());
    if (r == null) {
      throw suspend("activity '" + h.type() + "' (seq " + h.seq() + ")");
    }
    return outcome(h, r);
  }

  @Override
  public <O> List<O> awaitAll(List<? extends ActivityHandle<? extends O>> handles) {
    enterWaiting();
    handles.forEach(this::own);
    atWait();
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
    enterWaiting();
    return sagas.compensate(own(activity));
  }

  @Override
  public CompensationResult compensateAll(CompensationMode mode) {
    enterWaiting();
    return sagas.compensateAll(Objects.requireNonNull(mode, "mode"));
  }

  // ---- children ---------------------------------------------------------------------------

  @Override
  public <I, O, W extends Workflow<I, O>> O child(Class<W> workflow, I input) {
    return awaitChild(startChild(workflow, input, ChildOptions.defaults()));
  }

  @Override
  public <I, O, W extends Workflow<I, O>> O child(
      Class<W> workflow, I input, ChildOptions options) {
    return awaitChild(startChild(workflow, input, options));
  }

  @Override
  public <I, O, W extends Workflow<I, O>> ChildHandle<O> startChild(Class<W> workflow, I input) {
    return startChild(workflow, input, ChildOptions.defaults());
  }

  @Override
  public <I, O, W extends Workflow<I, O>> ChildHandle<O> startChild(
      Class<W> workflow, I input, ChildOptions options) {
    enterWaiting();
    return children.start(workflow, input, options);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <O> O awaitChild(ChildHandle<O> handle) {
    enterWaiting();
    if (!(handle instanceof PendingChild<?> h) || h.owner() != this) {
      throw new IllegalArgumentException("this handle was not started in the current step");
    }
    return children.await((PendingChild<O>) h);
  }

  // ---- timers and signals -----------------------------------------------------------------

  @Override
  public void sleep(Duration duration) {
    enterWaiting();
    waits.sleep(duration);
  }

  @Override
  public TimerHandle startTimer(Duration duration) {
    enterWaiting();
    return waits.startTimer(duration);
  }

  @Override
  public <T> SignalHandle<T> signal(String name, Class<T> type) {
    enterWaiting();
    return waits.signal(name, type);
  }

  @Override
  public Awaitable<?> awaitAny(List<? extends Awaitable<?>> handles) {
    enterWaiting();
    if (handles.isEmpty()) {
      throw new IllegalArgumentException("awaitAny needs at least one handle");
    }
    handles.forEach(this::checkOwned);
    atWait();
    Awaitable<?> first = firstDone(handles);
    if (first == null) {
      // Past the history's end nothing has completed: a signal in the mailbox may complete one.
      for (Awaitable<?> h : handles) {
        if (h instanceof PendingSignal<?> s && waits.arrived(s)) {
          break;
        }
      }
      first = firstDone(handles);
    }
    if (first == null) {
      throw suspend("any of " + handles.size() + " (seq " + handles.get(0).seq() + " first)");
    }
    return first;
  }

  // The handle whose resolution comes first in the history (this step's events after it).
  private Awaitable<?> firstDone(List<? extends Awaitable<?>> handles) {
    Awaitable<?> first = null;
    int firstAt = Integer.MAX_VALUE;
    for (Awaitable<?> h : handles) {
      int at = step.resolvedAt(h.seq());
      if (at > 0 && at < firstAt) {
        first = h;
        firstAt = at;
      }
    }
    return first;
  }

  private void checkOwned(Awaitable<?> handle) {
    ReplayContext owner =
        handle instanceof PendingActivity<?> a
            ? a.owner()
            : handle instanceof PendingChild<?> c
                ? c.owner()
                : handle instanceof PendingTimer t
                    ? t.owner()
                    : handle instanceof PendingSignal<?> s ? s.owner() : null;
    if (owner != this) {
      throw new IllegalArgumentException("this handle was not started in the current step");
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T await(Awaitable<T> handle) {
    enterWaiting();
    checkOwned(handle);
    if (handle instanceof PendingActivity<T> a) {
      return await((ActivityHandle<T>) a);
    }
    if (handle instanceof PendingChild<T> c) {
      return awaitChild(c);
    }
    if (handle instanceof PendingTimer t) {
      waits.await(t);
      return null;
    }
    return waits.await((PendingSignal<T>) handle);
  }

  @Override
  public boolean await(BooleanSupplier condition, Duration timeout) {
    enterWaiting();
    Objects.requireNonNull(timeout, "timeout");
    return waits.until(condition, timeout);
  }

  @Override
  public void await(BooleanSupplier condition) {
    enterWaiting();
    waits.until(condition, null);
  }

  /** Evaluates a wait condition, with the context off limits meanwhile. */
  boolean holds(BooleanSupplier condition) {
    guard.conditioning(true);
    try {
      return condition.getAsBoolean();
    } finally {
      guard.conditioning(false);
    }
  }

  @Override
  public <T> T awaitSignal(String name, Class<T> type) {
    enterWaiting();
    return waits.receive(name, type, null).orElse(null);
  }

  @Override
  public <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout) {
    enterWaiting();
    Objects.requireNonNull(timeout, "timeout");
    return waits.receive(name, type, timeout);
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

  private <T> T record(CommandKind kind, String name, Type type, Supplier<? extends T> producer) {
    enter();
    return values.record(kind, name, type, producer);
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
    enterWaiting();
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

  /** Fails the run with {@code e}, whatever the code does next. */
  RuntimeException fatal(RuntimeException e) {
    return guard.fatal(e);
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

  // Waiting, starting work and continuing end or outlive a step: an update handler may do none.
  private void enterWaiting() {
    guard.enter();
    if (guard.updating()) {
      throw new IllegalStateException(
          "an update handler must not wait, start activities, timers or children, or continue as"
              + " new: it changes the workflow's state and returns; the workflow's code waits");
    }
  }

  /**
   * The code is at a wait: what is delivered there (a cancel, updates) happens now. Every wait
   * calls this after matching its own command, and a wait with a command also before matching it,
   * so a replay meets each delivery at the point new execution journaled it.
   */
  void atWait() {
    deliveries.atWait();
  }

  /** Whether the run's cancel has reached the code. */
  boolean cancelDelivered() {
    return deliveries.cancelDelivered();
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
