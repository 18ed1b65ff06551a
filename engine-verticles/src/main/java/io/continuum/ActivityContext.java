package io.continuum;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * What an activity attempt knows about itself, and how it talks back while it runs: heartbeats
 * (progress, and the way a long activity learns that it should stop) and external completion.
 *
 * <pre>{@code
 * public Receipt execute(ActivityContext ctx, Payment p) {
 *   log.info("charging for run {} (attempt {})", ctx.runId(), ctx.attempt());
 *   return gateway.charge(p, ctx.idempotencyKey()); // same key on every attempt
 * }
 * }</pre>
 *
 * <h2>Heartbeats</h2>
 *
 * A long activity reports progress with {@link #heartbeat}; the last details reach the next attempt
 * ({@link #lastHeartbeatDetails}), and with {@link ActivityOptions#withHeartbeatTimeout} an attempt
 * that stops heartbeating fails as a {@code heartbeat_timeout} and is retried. Calls are cheap and
 * never block: details are kept in memory and written at most once per throttle interval ({@code
 * min(heartbeatTimeout / 2, 1 s)}, 1 s without a heartbeat timeout), the newest details winning.
 *
 * <pre>{@code
 * public Integer execute(ActivityContext ctx, List<Row> rows) {
 *   int from = ctx.lastHeartbeatDetails(Integer.class).orElse(0); // resume where attempt n-1 was
 *   for (int i = from; i < rows.size(); i++) {
 *     load(rows.get(i));
 *     ctx.heartbeat(i + 1); // throws ActivityCancelled once the run is cancelled
 *   }
 *   return rows.size();
 * }
 * }</pre>
 *
 * <h2>Cancellation</h2>
 *
 * When the run's cancel is requested, every activity task the run has at that moment is flagged; an
 * attempt learns it with its next heartbeat write (so within one throttle interval), and from then
 * on {@link #heartbeat} throws {@link ActivityCancelled}, {@link #isCancelled()} is true and {@link
 * #cancelled()} is completed. An attempt whose task was timed out, requeued or discarded (the run
 * ended) counts as cancelled the same way. A cancelled attempt ends without a result: whatever its
 * body returns or throws afterwards is ignored, and it is not retried.
 *
 * <h2>External completion</h2>
 *
 * An activity may hand its {@link #completionToken()} to another system and call {@link
 * #completeExternally()}; its return value is then ignored, its worker slot is freed, and whoever
 * holds the token finishes the attempt with {@link Continuum#completeActivity} or {@link
 * Continuum#failActivity} (or {@code POST /v1/completions/{token}}), within the activity's
 * start-to-close timeout.
 *
 * <pre>{@code
 * public Void execute(ActivityContext ctx, Invoice invoice) {
 *   mailer.sendForApproval(invoice, ctx.completionToken()); // the approver's click completes it
 *   ctx.completeExternally();
 *   return null;
 * }
 * }</pre>
 */
public interface ActivityContext {

  /** The id of the run that scheduled this activity. */
  String runId();

  /** The activity type name. */
  String activityType();

  /** The attempt number, starting at 1. A crash during an attempt consumes it. */
  int attempt();

  /**
   * A key that is the same on every attempt of this scheduled activity and differs between
   * activities; pass it to downstream systems to make the side effect idempotent.
   */
  String idempotencyKey();

  /**
   * Reports that the attempt is alive, with progress details (any JSON-serializable value, or null)
   * that a later attempt reads back with {@link #lastHeartbeatDetails}. Never blocks: the details
   * are written in the background, at most once per throttle interval. Outside an engine (a unit
   * test calling {@code execute} directly) it does nothing.
   *
   * @throws ActivityCancelled when the attempt has learnt that it is cancelled (its run's cancel
   *     was requested, or its task is no longer its own)
   */
  default void heartbeat(Object details) {}

  /**
   * The details of the last heartbeat a previous attempt of this activity recorded, decoded as
   * {@code type}; empty on a first attempt or when no attempt heartbeated.
   */
  default <T> Optional<T> lastHeartbeatDetails(Class<T> type) {
    return Optional.empty();
  }

  /**
   * Whether this attempt has learnt that it is cancelled (see the class comment); an async activity
   * polls it or listens to {@link #cancelled()}.
   */
  default boolean isCancelled() {
    return false;
  }

  /**
   * Completes when this attempt learns that it is cancelled; never fails. An async activity stops
   * its work there:
   *
   * <pre>{@code
   * ctx.cancelled().onComplete(v -> stream.close());
   * }</pre>
   */
  default Future<Void> cancelled() {
    return io.vertx.core.Promise.<Void>promise().future();
  }

  /**
   * An opaque token that lets anyone holding it complete or fail this attempt ({@link
   * Continuum#completeActivity}, {@link Continuum#failActivity}); it is signed, bound to this
   * namespace, run, task and attempt, and useless once the attempt has ended or the run is
   * cancelled.
   *
   * @throws UnsupportedOperationException outside an engine
   */
  default String completionToken() {
    throw new UnsupportedOperationException("completion tokens exist only inside an engine");
  }

  /**
   * Declares that this attempt completes externally, through its {@link #completionToken()}: the
   * value the body returns is ignored, the worker slot is freed when the body returns, and the
   * attempt stays pending until the token is used or its start-to-close timeout lapses (then it
   * fails as an {@link ActivityTimeoutException} and is retried with a new token).
   *
   * @throws UnsupportedOperationException outside an engine
   */
  default void completeExternally() {
    throw new UnsupportedOperationException("external completion exists only inside an engine");
  }
}
