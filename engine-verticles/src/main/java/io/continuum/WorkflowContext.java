package io.continuum;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The deterministic gateway through which workflow code performs every effect. Each call is
 * journaled the first time it runs and answered from the history on every replay, so the same code
 * path always sees the same values.
 *
 * <pre>{@code
 * public Receipt run(WorkflowContext ctx, Order order) {
 *   ChargeId charge = ctx.activity(ChargeCard.class, order.payment(),
 *       ActivityOptions.defaults().withMaxAttempts(5));
 *   Optional<Approval> ok = ctx.awaitSignal("approval", Approval.class, Duration.ofHours(1));
 *   ctx.setAttributes(Map.of("approved", ok.isPresent()));
 *   ctx.sleep(Duration.ofMinutes(5));
 *   return new Receipt(charge, ctx.now(), ctx.randomUUID());
 * }
 * }</pre>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Call the context only from the thread running {@link Workflow#run}; never store it.
 *   <li>Blocking calls ({@code activity}, {@code await}, {@code sleep}, {@code awaitSignal}, {@code
 *       child}, {@code awaitChild}, {@code compensate}, {@code compensateAll}) end the current step
 *       by throwing an engine-internal {@link Error} when the result is not journaled yet. Never
 *       catch {@code Throwable} or {@code Error} around them; if you do and carry on, the run fails
 *       with {@link SuspendLeakError}. {@code catch (Exception e)} is safe.
 *   <li>Do not call the context from {@code finally} blocks that run while a step is suspending.
 * </ul>
 *
 * <p>The identity of each call is its kind, its name (activity type, signal name, side-effect name)
 * and its ordinal among calls of that kind and name. Replaying code whose calls differ from the
 * history raises {@link ReplayDriftError}, which parks the run instead of forking it.
 */
public interface WorkflowContext {

  /** Schedules an activity with default options and waits for its result. */
  <I, O, A extends ActivityDefinition<I, O>> O activity(Class<A> activity, I input);

  /**
   * Schedules an activity and waits for its result.
   *
   * @throws ActivityFailure when the activity failed after its last attempt
   */
  <I, O, A extends ActivityDefinition<I, O>> O activity(
      Class<A> activity, I input, ActivityOptions options);

  /** Schedules an activity with default options without waiting for it. */
  <I, O, A extends ActivityDefinition<I, O>> ActivityHandle<O> startActivity(
      Class<A> activity, I input);

  /** Schedules an activity without waiting for it; activities started together run in parallel. */
  <I, O, A extends ActivityDefinition<I, O>> ActivityHandle<O> startActivity(
      Class<A> activity, I input, ActivityOptions options);

  /**
   * Waits for a started activity.
   *
   * @throws ActivityFailure when the activity failed after its last attempt
   */
  <O> O await(ActivityHandle<O> handle);

  /**
   * Waits until every handle has a result, then returns the results in handle order. When any
   * failed, throws the failure of the first failed handle in list order (after all finished, so the
   * outcome does not depend on timing).
   *
   * @throws ActivityFailure when any activity failed after its last attempt
   */
  <O> List<O> awaitAll(List<? extends ActivityHandle<? extends O>> handles);

  /**
   * Runs the compensation of one activity started with {@link #startActivity} (and its options'
   * {@link ActivityOptions#compensateWith}), then drops it from the pending set so {@link
   * #compensateAll()} does not run it again. Waits for the activity first if the code has not
   * received its result. Blocking like {@link #await}: the compensation is scheduled as an ordinary
   * activity task and the call returns when it completed or failed after its last attempt. Does
   * nothing (returns {@link CompensationResult#NONE}) when the activity failed, has no compensation
   * or was compensated already.
   *
   * <pre>{@code
   * ActivityHandle<Hold> hold = ctx.startActivity(HoldRoom.class, booking,
   *     ActivityOptions.defaults().compensateWith(ReleaseRoom.class));
   * if (ctx.await(hold).price() > limit) ctx.compensate(hold);
   * }</pre>
   *
   * @return the compensation's outcome; a failed compensation is journaled as {@code
   *     compensation_failed} and reported here, it does not fail the run
   */
  CompensationResult compensate(ActivityHandle<?> activity);

  /**
   * Runs every pending compensation, one after another, most recent activity first (LIFO). An
   * activity is pending once the code received its result ({@code activity} returned, or {@code
   * await} on its handle did) and its options name a compensation; a failed activity never is. The
   * set is rebuilt from the history on every replay, so it survives crashes.
   *
   * <pre>{@code
   * try {
   *   ctx.activity(ReserveStock.class, order, defaults.compensateWith(ReleaseStock.class));
   *   ctx.activity(ChargeCard.class, order, defaults.compensateWith(RefundCard.class));
   *   ctx.activity(Ship.class, order);
   * } catch (ActivityFailure f) {
   *   ctx.compensateAll();   // RefundCard, then ReleaseStock
   *   throw f;
   * }
   * }</pre>
   *
   * @return the outcomes in the order run; failed compensations do not fail the run
   */
  default CompensationResult compensateAll() {
    return compensateAll(CompensationMode.SEQUENTIAL);
  }

  /**
   * Runs every pending compensation: {@link CompensationMode#SEQUENTIAL} as {@link
   * #compensateAll()}; {@link CompensationMode#PARALLEL} schedules all of them (most recent first)
   * in one step, then waits until each has completed or failed.
   */
  CompensationResult compensateAll(CompensationMode mode);

  /**
   * Starts a child run of {@code workflow} with default {@link ChildOptions} and waits for its
   * result. See {@link #startChild(Class, Object, ChildOptions)}.
   *
   * @throws ChildFailure when the child failed or was cancelled
   */
  <I, O, W extends Workflow<I, O>> O child(Class<W> workflow, I input);

  /**
   * Starts a child run and waits for its result.
   *
   * <pre>{@code
   * Shipment shipment = ctx.child(ShipOrder.class, order.items());
   * }</pre>
   *
   * @throws ChildFailure when the child failed or was cancelled
   */
  <I, O, W extends Workflow<I, O>> O child(Class<W> workflow, I input, ChildOptions options);

  /** Starts a child run with default {@link ChildOptions} without waiting for it. */
  <I, O, W extends Workflow<I, O>> ChildHandle<O> startChild(Class<W> workflow, I input);

  /**
   * Starts a child run without waiting for it; children started together run in parallel. The child
   * is a run of its own (its own history and lease, on the newest registered version of its
   * workflow, in this run's namespace) created in the same transaction as this step, so a crash
   * never loses or duplicates it. Its id is derived from this run's id and the call ({@link
   * ChildHandle#runId()}). When it ends, its outcome reaches this run in the same transaction.
   * Cancelling this run, or ending it any way but {@link #continueAsNew}, cancels every live
   * descendant; a successor inherits the children its predecessor did not await.
   *
   * <pre>{@code
   * var a = ctx.startChild(PackItem.class, first);
   * var b = ctx.startChild(PackItem.class, second, ChildOptions.defaults().id("pack-2"));
   * return List.of(ctx.awaitChild(a), ctx.awaitChild(b));
   * }</pre>
   *
   * @throws ChildDepthExceeded (failing this run) when the child would be deeper than the engine's
   *     {@code maxChildDepth}
   */
  <I, O, W extends Workflow<I, O>> ChildHandle<O> startChild(
      Class<W> workflow, I input, ChildOptions options);

  /**
   * Waits for a started child's result.
   *
   * @throws ChildFailure when the child failed or was cancelled
   */
  <O> O awaitChild(ChildHandle<O> handle);

  /**
   * Answers the query {@code name} with what {@code handler} returns, from now on (a later handler
   * of the same name replaces it). A query reads the run's state and writes nothing: callers ask
   * with {@link Continuum#query(String, String, Class)} or {@code GET …/runs/{id}/queries/{name}},
   * and the engine answers by replaying the run's history up to where it is (so a suspended,
   * completed or failed run answers too) and calling the handler. The handler must not call this
   * context (no activities, sleeps or journaled values): such a query fails with {@link
   * QueryFailed}. Registering is not journaled and changes no history.
   *
   * <pre>{@code
   * var status = new AtomicReference<>("charging");
   * ctx.onQuery("status", status::get);
   * ctx.activity(ChargeCard.class, order);
   * status.set("waiting for approval");
   * }</pre>
   *
   * @param name 1 to 128 characters of {@code [A-Za-z0-9._:-]}
   */
  void onQuery(String name, Supplier<?> handler);

  /**
   * Accepts the update {@code name} from now on (a later registration of the name replaces it). An
   * update is a validated, synchronous write: a caller sends it with {@link Continuum#update} or
   * {@code POST …/runs/{id}/updates/{name}}; {@code validator} decides on the state the run has
   * reached (it throws to refuse, and a refused update writes nothing: the caller gets {@link
   * UpdateRejected} with its message); an accepted update is applied at the code's next wait, where
   * {@code handler} changes the workflow's state and returns the answer, journaled with the update
   * ({@code update_applied}) so that the caller gets it once that step committed, and a retry with
   * the same update id gets the same answer. A handler that throws answers {@link UpdateFailed} and
   * the run goes on. Handlers and validators run on the workflow's thread between its waits; a
   * handler may use the non-blocking context (time, ids, side effects, attributes) but never waits
   * or starts work — the workflow's code does that, for instance with {@link
   * #await(BooleanSupplier)} on the state a handler changed.
   *
   * <pre>{@code
   * List<String> items = new ArrayList<>();
   * ctx.onUpdate("add", String.class,
   *     item -> { if (item.isBlank()) throw new IllegalArgumentException("an item has a name"); },
   *     item -> { items.add(item); return items.size(); });
   * ctx.await(() -> items.size() >= 3);
   * }</pre>
   *
   * @param name 1 to 128 characters of {@code [A-Za-z0-9._:-]}
   * @param type the update's input type
   * @param validator throws (any {@code RuntimeException}) to refuse; must not call this context
   * @param handler applies the update and returns its answer
   */
  <I, O> void onUpdate(
      String name,
      Class<I> type,
      Consumer<? super I> validator,
      Function<? super I, ? extends O> handler);

  /**
   * Accepts the update {@code name} without a validator; see {@link #onUpdate(String, Class,
   * Consumer, Function)}.
   */
  default <I, O> void onUpdate(
      String name, Class<I> type, Function<? super I, ? extends O> handler) {
    onUpdate(name, type, input -> {}, handler);
  }

  /** Sleeps durably: the run is suspended and woken when the timer fires, even after a crash. */
  void sleep(Duration duration);

  /**
   * Starts a durable timer without waiting for it: a deadline to race other work against with
   * {@link #awaitAny}, or to wait for later with {@link #await(Awaitable)}.
   */
  TimerHandle startTimer(Duration duration);

  /**
   * The next signal of this name as a handle, without waiting for it: it takes the oldest signal of
   * its name from the mailbox when awaited (or checked by {@link #awaitAny}), exactly once.
   */
  <T> SignalHandle<T> signal(String name, Class<T> type);

  /**
   * Waits until the first of {@code handles} completes (an activity or child ended, a timer fired,
   * a signal arrived) and returns it; the others keep running and stay awaitable. When several are
   * complete, the one that completed first in the run's history wins, so a replay picks the same.
   *
   * <pre>{@code
   * ActivityHandle<String> label = ctx.startActivity(PrintLabel.class, order);
   * SignalHandle<String> cancelShipment = ctx.signal("cancel-shipment", String.class);
   * if (ctx.awaitAny(label, cancelShipment) == cancelShipment) {
   *   ctx.activity(VoidLabel.class, order);  // the label may still be printing: undo it
   * }
   * return ctx.await(label);
   * }</pre>
   *
   * @return one of {@code handles}, compared with {@code ==}
   */
  Awaitable<?> awaitAny(List<? extends Awaitable<?>> handles);

  /** Waits until the first of {@code handles} completes; see {@link #awaitAny(List)}. */
  default Awaitable<?> awaitAny(Awaitable<?>... handles) {
    return awaitAny(List.of(handles));
  }

  /**
   * Waits for any handle: an activity's result ({@link ActivityFailure} when it failed), a child's
   * ({@link ChildFailure}), a timer's firing ({@code null}), a signal's payload.
   */
  <T> T await(Awaitable<T> handle);

  /**
   * Waits until {@code condition} holds. It is checked now and again on every step of the run — so
   * after every signal, update and other wake — and must read only the workflow's own state
   * (variables that update handlers, signal handlers and awaited results change), never the
   * context. Journaled: a replay returns where the original returned.
   *
   * <pre>{@code
   * var items = new ArrayList<String>();
   * ctx.onUpdate("add", String.class, item -> { items.add(item); return items.size(); });
   * boolean full = ctx.await(() -> items.size() >= 3, Duration.ofHours(1));
   * }</pre>
   *
   * @return true when the condition held, false when {@code timeout} passed first
   */
  boolean await(BooleanSupplier condition, Duration timeout);

  /**
   * Waits until {@code condition} holds, however long; see {@link #await(BooleanSupplier,
   * Duration)}.
   */
  void await(BooleanSupplier condition);

  /**
   * Waits for the next signal of this name. Signals that arrived earlier wait in the run's mailbox
   * and are consumed in arrival order, each exactly once.
   */
  <T> T awaitSignal(String name, Class<T> type);

  /**
   * Waits for the next signal of this name, at most {@code timeout}.
   *
   * @return the signal, or empty when the timeout fired first
   */
  <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout);

  /** The current time, journaled: replays see the time of the original call. */
  Instant now();

  /** Today's date in UTC, journaled like {@link #now()}. */
  LocalDate today();

  /** A random UUID, journaled. */
  UUID randomUUID();

  /** A random double in {@code [0, 1)}, journaled. */
  double random();

  /**
   * Runs {@code producer} once and journals its result; replays return the journaled value without
   * calling it. For cheap, local non-determinism (reading configuration, generating ids); use an
   * activity for anything that can fail or has side effects.
   *
   * @param name identifies the call together with its ordinal; keep it stable across deploys
   */
  <T> T sideEffect(String name, Class<T> type, Supplier<? extends T> producer);

  /**
   * Merges search attributes into the run (keys replace keys; other keys stay). Journaled, and
   * committed with the step.
   */
  void setAttributes(Map<String, ?> attributes);

  /**
   * Whether this run takes the new branch of a code change. The first call for a change id in a run
   * decides, and later calls in the run return the same answer: {@code true} when the run reaches
   * the call in new execution (a marker is journaled) or its history holds the marker; {@code
   * false} when it replays a history recorded before the change (nothing is consumed, so the run
   * keeps its old path).
   *
   * <pre>{@code
   * if (ctx.patched("charge-before-approval")) {
   *   ctx.activity(ChargeCard.class, order);      // new code path
   * }
   * }</pre>
   *
   * @param changeId names the change: 1 to 128 characters, stable forever
   */
  boolean patched(String changeId);

  /**
   * Marks a change whose old branch is gone: every run still in flight took the new one. Consumes
   * the change's marker when the history holds it, journals nothing, and lets the code drop the
   * {@code if (ctx.patched(...))}.
   */
  void deprecatePatch(String changeId);

  /**
   * Ends this run in the state {@code continued} and starts its successor, in the same transaction,
   * on the newest registered version of this workflow with {@code input}: a fresh history, so a
   * long-lived workflow keeps its history short. The successor inherits the namespace, the
   * attributes and every signal not consumed yet; {@code signal}, {@code cancel}, {@code await} and
   * {@code getRun} addressed to any run id of the chain act on its live tip. Never returns: it
   * throws the engine's control {@link Error} (do not catch {@code Throwable} around it); the
   * generic return type lets a workflow write {@code return ctx.continueAsNew(next);}.
   *
   * <pre>{@code
   * public Long run(WorkflowContext ctx, Long total) {
   *   for (int i = 0; i < 10; i++) total += ctx.awaitSignal("add", Long.class);
   *   return ctx.continueAsNew(total);   // the successor starts from the running total
   * }
   * }</pre>
   *
   * @param input the successor's input
   * @param <R> any type, so the call can be returned
   */
  <R> R continueAsNew(Object input);

  /** Facts about the run; reading them journals nothing. */
  WorkflowInfo info();
}
