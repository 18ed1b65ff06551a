package io.continuum;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How an activity is retried: up to {@code maxAttempts} attempts in total, waiting {@code
 * initialBackoff × multiplier^(n-1)} (capped at {@code maxBackoff}) before attempt {@code n+1}.
 * Errors whose class name is listed in {@code nonRetryable} fail the activity at once.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.defaults()
 *     .withMaxAttempts(5)
 *     .withInitialBackoff(Duration.ofMillis(200))
 *     .withNonRetryable(IllegalArgumentException.class);
 * }</pre>
 *
 * @param maxAttempts attempts in total, at least 1
 * @param initialBackoff wait before the second attempt, positive
 * @param maxBackoff cap on any wait, at least {@code initialBackoff}
 * @param multiplier growth factor of the wait, at least 1
 * @param nonRetryable class names of errors that are never retried
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    List<String> nonRetryable) {

  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0, List.of());

  /** Validates the policy. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, got " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be at least initialBackoff");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier must be a finite number >= 1, got " + multiplier);
    }
    nonRetryable = List.copyOf(nonRetryable);
  }

  /** Three attempts, 1 s initial backoff doubling up to 1 min, everything retryable. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** A policy of exactly one attempt. */
  public static RetryPolicy noRetries() {
    return DEFAULTS.withMaxAttempts(1);
  }

  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, nonRetryable);
  }

  public RetryPolicy withInitialBackoff(Duration initialBackoff) {
    Duration max = maxBackoff.compareTo(initialBackoff) < 0 ? initialBackoff : maxBackoff;
    return new RetryPolicy(maxAttempts, initialBackoff, max, multiplier, nonRetryable);
  }

  public RetryPolicy withMaxBackoff(Duration maxBackoff) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, nonRetryable);
  }

  public RetryPolicy withMultiplier(double multiplier) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, nonRetryable);
  }

  /** Marks these error classes (and only exactly these, not subclasses) as non-retryable. */
  @SafeVarargs
  public final RetryPolicy withNonRetryable(Class<? extends Throwable>... errors) {
    List<String> names = Arrays.stream(errors).map(Class::getName).toList();
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, names);
  }

  /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (from 1) failed. */
  public Duration backoffAfter(int attempt) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    long capped = (long) Math.min(millis, (double) maxBackoff.toMillis());
    return Duration.ofMillis(Math.max(capped, 1));
  }

  /** Whether an error of this class name may be retried. */
  public boolean isRetryable(String errorType) {
    return !nonRetryable.contains(errorType);
  }
}
