package io.continuum.runtime;

/**
 * The event-bus addresses an engine publishes on. Bodies are {@code JsonObject}s with {@code
 * runId}, {@code workflowType}, {@code namespace}, {@code state}, {@code seq} and {@code at} (ISO
 * time); in a cluster they reach every node. Notifications are hints for UIs and waiters: the
 * journal is the truth.
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
   * Published for every committed step, with {@code fromSeq}/{@code toSeq} of the new events and
   * {@code types}, their type names.
   */
  public static final String RUNS_EVENTS = "continuum.runs.events";

  private Addresses() {}

  /** Published for every committed step of one run. */
  public static String runStatus(String runId) {
    return "continuum.run." + runId + ".status";
  }
}
