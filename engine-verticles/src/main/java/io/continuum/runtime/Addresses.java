package io.continuum.runtime;

import io.continuum.RunRef;

/**
 * The event-bus addresses an engine publishes on. Bodies are {@code JsonObject}s with {@code runId}
 * and {@code namespace} (together the run's identity), {@code workflowType}, {@code state}, {@code
 * seq} and {@code at} (ISO time); in a cluster they reach every node. Notifications are hints for
 * UIs and waiters: the journal is the truth.
 *
 * <p>A run's first notification on {@link #RUNS_EVENTS} and {@link #runStatus} is its start: it is
 * published once the run's creation and first step committed, with {@code fromSeq} 1 and {@code
 * types} beginning with {@code run_started}. Every later step follows, in {@code seq} order; a run
 * that ends in its first step announces its start and its end in that one notification.
 *
 * <pre>{@code
 * vertx.eventBus().<JsonObject>consumer(Addresses.RUNS_FINISHED, msg ->
 *     log.info("run {} ended {}", msg.body().getString("runId"), msg.body().getString("state")));
 * }</pre>
 */
public final class Addresses {

  /** Published once per run, on its terminal transition (completed, failed, cancelled). */
  public static final String RUNS_FINISHED = "continuum.runs.finished";

  /**
   * Published for every committed step (the start included), with {@code fromSeq}/{@code toSeq} of
   * the new events and {@code types}, their type names; {@code seq} is {@code toSeq}.
   */
  public static final String RUNS_EVENTS = "continuum.runs.events";

  /**
   * Published for every activity attempt that failed (an error or its start-to-close timeout),
   * whether it will be retried or not: {@code runId}, {@code activity}, {@code attempt}, {@code
   * maxAttempts}, {@code error} ({@code type}, {@code message}), {@code retryAt} (ISO time; absent
   * when the failure is final and goes to the workflow) and {@code at}. Not published for an
   * attempt whose task lease had lapsed (its outcome was dropped).
   *
   * <pre>{@code
   * vertx.eventBus().<JsonObject>consumer(Addresses.ACTIVITY_FAILURES, msg -> {
   *   JsonObject f = msg.body();
   *   log.warn("{} attempt {} failed: {}", f.getString("activity"), f.getInteger("attempt"),
   *       f.getJsonObject("error").getString("message"));
   * });
   * }</pre>
   */
  public static final String ACTIVITY_FAILURES = "continuum.activities.failed";

  private Addresses() {}

  /**
   * A node's own address in a cluster, {@code continuum.node.<owner>} for the lease owner string of
   * its engine ({@link Engine#owner()}): other nodes forward wakes and cancels for the runs it
   * hosts there, as JSON ({@code op} {@code wake} or {@code cancel}, {@code namespace}, {@code
   * runId}, {@code reason}). The receiver checks everything against its own state and the journal;
   * nothing in a forwarded message is trusted.
   *
   * <pre>{@code
   * String address = Addresses.node(engine.owner());
   * }</pre>
   */
  public static String node(String owner) {
    return "continuum.node." + owner;
  }

  /**
   * Published for every committed step of one run, its start included (without {@code fromSeq},
   * {@code toSeq} and {@code types}), and its end when it is cancelled outside any step: {@code
   * continuum.run.<namespace>.<id>.status}.
   *
   * <pre>{@code
   * vertx.eventBus().<JsonObject>consumer(Addresses.runStatus(RunRef.of("billing", "order-42")),
   *     msg -> log.info("order-42 is {}", msg.body().getString("state")));
   * }</pre>
   */
  public static String runStatus(RunRef run) {
    return "continuum.run." + run.namespace() + "." + run.id() + ".status";
  }
}
