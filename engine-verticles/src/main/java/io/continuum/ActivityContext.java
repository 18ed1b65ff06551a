package io.continuum;

/**
 * What an activity attempt knows about itself.
 *
 * <pre>{@code
 * public Receipt execute(ActivityContext ctx, Payment p) {
 *   log.info("charging for run {} (attempt {})", ctx.runId(), ctx.attempt());
 *   return gateway.charge(p, ctx.idempotencyKey()); // same key on every attempt
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
}
