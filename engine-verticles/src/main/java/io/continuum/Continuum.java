package io.continuum;

import io.continuum.core.event.HistoryEvent;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The client of a Continuum engine: start, signal, cancel, await and describe runs. Every method
 * returns a Vert.x {@link Future}; a successful start, signal or cancel means the fact is durably
 * committed.
 *
 * <pre>{@code
 * Engine engine = Engine.builder()
 *     .journal(InMemoryJournal.create())
 *     .workflow(Checkout.class)
 *     .activity(new ChargeCard(gateway))
 *     .build();
 * engine.deploy(vertx)
 *     .compose(e -> e.client().start(Checkout.class, order, StartOptions.withId("order-42")))
 *     .compose(run -> run.result())
 *     .onSuccess(receipt -> ...);
 * }</pre>
 */
public interface Continuum {

  /** Starts a run with a generated id in the default namespace. */
  <I, O, W extends Workflow<I, O>> Future<RunHandle<O>> start(Class<W> workflow, I input);

  /**
   * Starts a run. With a caller-chosen id, starting again with the same type, namespace, input,
   * attributes, start delay and execution timeout returns the existing run ({@link
   * RunHandle#created()} false); any difference fails with {@link RunConflict}. See {@link
   * StartOptions} for delayed starts and execution timeouts.
   */
  <I, O, W extends Workflow<I, O>> Future<RunHandle<O>> start(
      Class<W> workflow, I input, StartOptions options);

  /**
   * Starts a run of a registered workflow type by name, for callers that do not have the class.
   *
   * @throws UnknownWorkflowType (as a failed future) when no such type is registered
   */
  Future<RunHandle<Object>> start(String workflowType, Object input, StartOptions options);

  /**
   * Signal-with-start: starts the run if no run of this id exists and delivers the signal, in one
   * durable write (the signal waits in the new run's mailbox); when a run of this id and workflow
   * type exists, delivers the signal to it. Concurrent calls with one id make one run, and every
   * signal is delivered once. Needs an id ({@link StartOptions#withId}) to find an existing run; a
   * run that ends in its very first step cannot take the signal ({@link RunTerminal}).
   *
   * <pre>{@code
   * client.signalWithStart(Cart.class, customer, StartOptions.withId("cart-" + customer),
   *     "add", new Item("book", 1));
   * }</pre>
   */
  <I, O, W extends Workflow<I, O>> Future<RunHandle<O>> signalWithStart(
      Class<W> workflow, I input, StartOptions options, String signalName, Object payload);

  /** Signal-with-start by workflow type name; the input must decode to the type's input. */
  Future<RunHandle<Object>> signalWithStart(
      String workflowType, Object input, StartOptions options, String signalName, Object payload);

  /**
   * Delivers a signal into the run's mailbox. Fails with {@link RunNotFound} or {@link
   * RunTerminal}.
   */
  Future<Void> signal(String runId, String name, Object payload);

  /**
   * Sends update {@code name} to the run with a fresh update id and waits (at most {@link
   * UpdateOptions#DEFAULT_TIMEOUT}) for its answer; see {@link #update(String, String, Object,
   * Class, UpdateOptions)}.
   */
  <O> Future<O> update(String runId, String name, Object input, Class<O> resultType);

  /**
   * Sends update {@code name} (a handler its code registered with {@link WorkflowContext#onUpdate})
   * to the live run of the chain {@code runId} names, and returns the handler's answer once the
   * step that applied it has committed. The update's validator first runs here, on the state the
   * run has reached (replayed on this node when it has the run's code): a refusal fails with {@link
   * UpdateRejected} and writes nothing. A retry with the same {@link UpdateOptions#updateId()}
   * never applies it twice and gets the first answer, also after a crash between the commit and the
   * answer.
   *
   * <pre>{@code
   * client.update("cart-7", "add", "book", Integer.class, UpdateOptions.withId("req-19"))
   *     .onSuccess(size -> log.info("the cart holds {} items", size));
   * }</pre>
   *
   * @return fails with {@link UnknownUpdate}, {@link UpdateRejected}, {@link UpdateFailed} (the
   *     handler threw), {@link RunNotFound}, {@link RunTerminal} (the run ended before applying
   *     it), or {@link UpdatePending} when the wait ran out first
   */
  <O> Future<O> update(
      String runId, String name, Object input, Class<O> resultType, UpdateOptions options);

  /**
   * Update-with-start: starts the run if no run of this id exists (as {@link #start(Class, Object,
   * StartOptions)}), or takes the existing run of this id and workflow type, then sends it the
   * update as {@link #update(String, String, Object, Class, UpdateOptions)} does.
   *
   * <pre>{@code
   * client.updateWithStart(Cart.class, customer, StartOptions.withId("cart-" + customer),
   *     "add", "book", Integer.class, UpdateOptions.withId(requestId));
   * }</pre>
   */
  <I, O, W extends Workflow<I, ?>> Future<O> updateWithStart(
      Class<W> workflow,
      I input,
      StartOptions options,
      String name,
      Object updateInput,
      Class<O> resultType,
      UpdateOptions updateOptions);

  /** Update-with-start by workflow type name; the answer is decoded to {@code resultType}. */
  <O> Future<O> updateWithStart(
      String workflowType,
      Object input,
      StartOptions options,
      String name,
      Object updateInput,
      Class<O> resultType,
      UpdateOptions updateOptions);

  /**
   * Cancels a run: it ends in {@link RunState#CANCELLED}, its pending activities and timers are
   * discarded. Success means the cancel won: the run is cancelled, or its owner (on any node) will
   * end it cancelled on its next step, and nothing can end it otherwise meanwhile. Cancelling a
   * cancelled run is a no-op; when another end won the race (the run completed, failed or continued
   * as new first), the future fails with {@link RunTerminal} naming that state.
   */
  Future<Void> cancel(String runId);

  /**
   * Waits for the run to finish and returns its result; fails with {@link WorkflowFailure} (its
   * subtype {@link ExecutionTimeoutFailure} when the run's execution timeout passed) or {@link
   * CancelledFailure} when it did not complete.
   */
  <O> Future<O> await(String runId, Class<O> resultType);

  /**
   * Like {@link #await(String, Class)}, failing with a {@link
   * java.util.concurrent.TimeoutException} after {@code timeout}.
   */
  <O> Future<O> await(String runId, Class<O> resultType, Duration timeout);

  /** Describes the run; fails with {@link RunNotFound}. */
  Future<RunDescription> getRun(String runId);

  /**
   * Lists one namespace's runs, newest first, a page at a time.
   *
   * @return fails with {@link InvalidQuery} for a malformed cursor or a cursor of another query
   */
  Future<RunPage> query(RunQuery query);

  /**
   * Asks run {@code runId} the query {@code name} (a handler its code registered with {@link
   * WorkflowContext#onQuery}) and decodes the answer to {@code type}. Writes nothing; works on a
   * run in any state, by replaying its history on this node. Fails with {@link RunNotFound}, {@link
   * UnknownQuery} or {@link QueryFailed}.
   *
   * <pre>{@code
   * client.query("order-42", "status", String.class).onSuccess(s -> log.info("order-42: {}", s));
   * }</pre>
   */
  <T> Future<T> query(String runId, String name, Class<T> type);

  /**
   * How many runs of this client's namespace are in each state (states without runs are absent).
   *
   * <pre>{@code
   * client.inNamespace("billing").countByState()
   *     .onSuccess(c -> log.info("{} waiting", c.getOrDefault(RunState.SUSPENDED, 0L)));
   * }</pre>
   */
  /**
   * What run {@code runId} waits on that its history does not show yet: activity attempts and
   * retries, and unconsumed signals ({@link PendingWork}).
   */
  Future<PendingWork> pendingWork(String runId);

  Future<Map<RunState, Long>> countByState();

  /**
   * How many open runs of this client's namespace each workflow version pins, keyed {@code
   * <workflow type>@<version hash>}: a version with open runs must stay deployed.
   */
  Future<Map<String, Long>> openRunsByVersion();

  /**
   * Merges search attributes into a run (keys replace keys; other keys stay) and returns the run.
   * Attributes are not history: a finished run can be tagged too.
   *
   * @return fails with {@link RunNotFound}, or {@link InvalidQuery} for attributes that break
   *     {@link SearchAttributes}' rules
   */
  Future<RunDescription> setAttributes(String runId, Map<String, ?> attributes);

  /**
   * Reads a page of a run's history: the events after {@code afterSeq}, at most {@code limit}.
   *
   * @return fails with {@link RunNotFound}
   */
  Future<List<HistoryEvent>> history(String runId, int afterSeq, int limit);

  /**
   * Completes an externally completing activity attempt ({@link
   * ActivityContext#completeExternally}) with its result, as the holder of its {@link
   * ActivityContext#completionToken()}. The result reaches the workflow like any activity result. A
   * token works once, and only while its attempt is pending: not after it timed out, nor once its
   * run's cancel was requested or its run ended.
   *
   * <pre>{@code
   * client.completeActivity(token, new Approval("alice"))
   *     .onFailure(err -> log.warn("not completed: {}", err.getMessage()));
   * }</pre>
   *
   * @return fails with {@link InvalidCompletionToken} (forged, altered, or of a namespace a
   *     confined client cannot reach) or {@link ActivityNotPending} (used, timed out, cancelled);
   *     either way nothing was written
   */
  Future<Void> completeActivity(String token, Object result);

  /**
   * Fails an externally completing activity attempt, as {@link #completeActivity} completes it: the
   * failure (type {@code external_failure}) is retried per the activity's retry policy, and after
   * the last attempt reaches the workflow as an {@link ActivityFailure}.
   */
  default Future<Void> failActivity(String token, String message) {
    return failActivity(token, Failure.of(EXTERNAL_FAILURE, message));
  }

  /** Fails an externally completing activity attempt with a failure of the caller's type. */
  Future<Void> failActivity(String token, Failure failure);

  /** The failure type of {@link #failActivity(String, String)}. */
  String EXTERNAL_FAILURE = "external_failure";

  /**
   * The namespace a completion token claims, read without verifying it (for an authorization check
   * before {@link #completeActivity} verifies it).
   *
   * @throws InvalidCompletionToken when it is not a completion token at all
   */
  static String completionTokenNamespace(String token) {
    if (token == null || token.length() > 2048 || !token.startsWith("ct1.")) {
      throw new InvalidCompletionToken();
    }
    int dot = token.lastIndexOf('.');
    if (dot <= 4) {
      throw new InvalidCompletionToken();
    }
    String claim;
    try {
      claim =
          new String(
              java.util.Base64.getUrlDecoder().decode(token.substring(4, dot)),
              java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidCompletionToken();
    }
    int nl = claim.indexOf('\n');
    if (nl <= 0) {
      throw new InvalidCompletionToken();
    }
    return claim.substring(0, nl);
  }

  /**
   * A view of this client confined to one namespace: a run of another namespace answers exactly
   * like a missing one ({@link RunNotFound}), queries search only this namespace, and starts put
   * runs in it (a start naming another namespace fails with {@link IllegalArgumentException}).
   *
   * <pre>{@code
   * Continuum billing = client.inNamespace("billing");
   * billing.signal("order-42", "approval", ok); // RunNotFound if order-42 lives elsewhere
   * }</pre>
   */
  Continuum inNamespace(String namespace);
}
