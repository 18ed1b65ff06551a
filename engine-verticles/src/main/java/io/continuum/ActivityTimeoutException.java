package io.continuum;

import java.time.Duration;

/**
 * An activity attempt ran past its start-to-close timeout. The attempt counts as failed and is
 * retried like any other failure (list this class in {@link RetryPolicy#withNonRetryable} to stop
 * that). The worker thread of a blocking activity is interrupted.
 *
 * <pre>{@code
 * ActivityOptions.defaults().withStartToCloseTimeout(Duration.ofSeconds(5))
 *     .withRetry(RetryPolicy.defaults().withNonRetryable(ActivityTimeoutException.class));
 * }</pre>
 */
public final class ActivityTimeoutException extends ContinuumException {

  public ActivityTimeoutException(String activityType, Duration timeout) {
    super(
        "activity '" + activityType + "' ran longer than its start-to-close timeout of " + timeout);
  }

  @Override
  public String errorType() {
    return "activity-timeout";
  }
}
