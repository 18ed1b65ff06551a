package io.continuum;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * How one scheduled activity runs: how long an attempt may take and how it is retried.
 *
 * <pre>{@code
 * var options = ActivityOptions.defaults()
 *     .withStartToCloseTimeout(Duration.ofSeconds(10))
 *     .withRetry(RetryPolicy.defaults().withMaxAttempts(5));
 * ChargeId id = ctx.activity(ChargeCard.class, payment, options);
 * }</pre>
 *
 * <p>In a saga, name the activity that undoes this one; {@link WorkflowContext#compensateAll()}
 * runs it (with the same timeout and retry policy) if the workflow later has to roll back:
 *
 * <pre>{@code
 * ctx.activity(ChargeCard.class, payment, ActivityOptions.defaults().compensateWith(RefundCard.class));
 * }</pre>
 *
 * @param startToCloseTimeout the longest one attempt may run before it counts as failed
 * @param retry the retry policy
 * @param idempotencyKey a key of the caller's (say, derived from the input) under which a committed
 *     result is reused by any later activity of the same type and key, in this run or another,
 *     instead of running the body again; null for the default key {@code <runId>/<seq>}, which is
 *     only ever used by this one scheduled activity
 * @param compensation what undoes this activity in a saga, or null; its type is journaled
 * @param heartbeatTimeout the longest an attempt may go without {@linkplain
 *     ActivityContext#heartbeat heartbeating} before it fails as a {@code heartbeat_timeout} (and
 *     is retried like any failure), judged on the journal's clock; null for none
 */
public record ActivityOptions(
    Duration startToCloseTimeout,
    RetryPolicy retry,
    String idempotencyKey,
    Compensation compensation,
    Duration heartbeatTimeout) {

  private static final ActivityOptions DEFAULTS =
      new ActivityOptions(Duration.ofMinutes(5), RetryPolicy.defaults(), null, null, null);

  /** Validates the options. */
  public ActivityOptions {
    Objects.requireNonNull(startToCloseTimeout, "startToCloseTimeout");
    Objects.requireNonNull(retry, "retry");
    if (startToCloseTimeout.isNegative() || startToCloseTimeout.isZero()) {
      throw new IllegalArgumentException(
          "startToCloseTimeout must be positive, got " + startToCloseTimeout);
    }
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
      throw new IllegalArgumentException("an idempotency key must be 1-200 characters");
    }
    if (heartbeatTimeout != null && (heartbeatTimeout.isNegative() || heartbeatTimeout.isZero())) {
      throw new IllegalArgumentException(
          "heartbeatTimeout must be positive, got " + heartbeatTimeout);
    }
  }

  /** Options without a heartbeat timeout. */
  public ActivityOptions(
      Duration startToCloseTimeout,
      RetryPolicy retry,
      String idempotencyKey,
      Compensation compensation) {
    this(startToCloseTimeout, retry, idempotencyKey, compensation, null);
  }

  /** Options without a compensation. */
  public ActivityOptions(Duration startToCloseTimeout, RetryPolicy retry, String idempotencyKey) {
    this(startToCloseTimeout, retry, idempotencyKey, null, null);
  }

  /** Options without a caller-chosen idempotency key. */
  public ActivityOptions(Duration startToCloseTimeout, RetryPolicy retry) {
    this(startToCloseTimeout, retry, null, null, null);
  }

  /** Five-minute attempts with {@link RetryPolicy#defaults()}. */
  public static ActivityOptions defaults() {
    return DEFAULTS;
  }

  public ActivityOptions withStartToCloseTimeout(Duration timeout) {
    return new ActivityOptions(timeout, retry, idempotencyKey, compensation, heartbeatTimeout);
  }

  public ActivityOptions withRetry(RetryPolicy retry) {
    return new ActivityOptions(
        startToCloseTimeout, retry, idempotencyKey, compensation, heartbeatTimeout);
  }

  /**
   * Sets a caller-chosen idempotency key: a result committed under (activity type, key) is reused
   * instead of running the body again, across runs.
   *
   * <pre>{@code
   * ctx.activity(ChargeCard.class, order.payment(),
   *     ActivityOptions.defaults().withIdempotencyKey("charge-" + order.id()));
   * }</pre>
   */
  public ActivityOptions withIdempotencyKey(String key) {
    return new ActivityOptions(startToCloseTimeout, retry, key, compensation, heartbeatTimeout);
  }

  /** Shorthand for {@code withRetry(retry().withMaxAttempts(maxAttempts))}. */
  public ActivityOptions withMaxAttempts(int maxAttempts) {
    return new ActivityOptions(
        startToCloseTimeout,
        retry.withMaxAttempts(maxAttempts),
        idempotencyKey,
        compensation,
        heartbeatTimeout);
  }

  /**
   * Sets (or, with null, clears) the heartbeat timeout: an attempt that does not {@linkplain
   * ActivityContext#heartbeat heartbeat} for this long (on the journal's clock) fails as a {@code
   * heartbeat_timeout} and is retried per the retry policy, its last heartbeat details handed to
   * the next attempt. A missed heartbeat is acted on by the next task sweep ({@code
   * EngineOptions.taskSweepInterval}).
   *
   * <pre>{@code
   * ctx.activity(ImportRows.class, file,
   *     ActivityOptions.defaults().withStartToCloseTimeout(Duration.ofHours(2))
   *         .withHeartbeatTimeout(Duration.ofSeconds(30)));
   * }</pre>
   */
  public ActivityOptions withHeartbeatTimeout(Duration heartbeatTimeout) {
    return new ActivityOptions(
        startToCloseTimeout, retry, idempotencyKey, compensation, heartbeatTimeout);
  }

  /** Sets (or, with null, clears) the compensation. */
  public ActivityOptions withCompensation(Compensation compensation) {
    return new ActivityOptions(
        startToCloseTimeout, retry, idempotencyKey, compensation, heartbeatTimeout);
  }

  /**
   * Names the activity that undoes this one; it receives this activity's input. See {@link
   * WorkflowContext#compensateAll()}.
   */
  public ActivityOptions compensateWith(Class<? extends ActivityDefinition<?, ?>> compensation) {
    return withCompensation(Compensation.of(compensation));
  }

  /**
   * Names the activity that undoes this one, with its input made from this activity's input and
   * result when the compensation is scheduled. The mapper is code, not journaled: it must be
   * deterministic.
   *
   * <pre>{@code
   * ActivityOptions.defaults()
   *     .compensateWith(RefundCard.class, (Payment p, ChargeId id) -> new Refund(id, p.amount()));
   * }</pre>
   */
  public <I, O, C> ActivityOptions compensateWith(
      Class<? extends ActivityDefinition<C, ?>> compensation,
      BiFunction<? super I, ? super O, ? extends C> input) {
    return withCompensation(Compensation.of(compensation, input));
  }
}
