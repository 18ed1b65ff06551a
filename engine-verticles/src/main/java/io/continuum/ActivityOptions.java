package io.continuum;

import java.time.Duration;
import java.util.Objects;

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
 * @param startToCloseTimeout the longest one attempt may run before it counts as failed
 * @param retry the retry policy
 */
public record ActivityOptions(Duration startToCloseTimeout, RetryPolicy retry) {

  private static final ActivityOptions DEFAULTS =
      new ActivityOptions(Duration.ofMinutes(5), RetryPolicy.defaults());

  /** Validates the options. */
  public ActivityOptions {
    Objects.requireNonNull(startToCloseTimeout, "startToCloseTimeout");
    Objects.requireNonNull(retry, "retry");
    if (startToCloseTimeout.isNegative() || startToCloseTimeout.isZero()) {
      throw new IllegalArgumentException(
          "startToCloseTimeout must be positive, got " + startToCloseTimeout);
    }
  }

  /** Five-minute attempts with {@link RetryPolicy#defaults()}. */
  public static ActivityOptions defaults() {
    return DEFAULTS;
  }

  public ActivityOptions withStartToCloseTimeout(Duration timeout) {
    return new ActivityOptions(timeout, retry);
  }

  public ActivityOptions withRetry(RetryPolicy retry) {
    return new ActivityOptions(startToCloseTimeout, retry);
  }

  /** Shorthand for {@code withRetry(retry().withMaxAttempts(maxAttempts))}. */
  public ActivityOptions withMaxAttempts(int maxAttempts) {
    return new ActivityOptions(startToCloseTimeout, retry.withMaxAttempts(maxAttempts));
  }
}
