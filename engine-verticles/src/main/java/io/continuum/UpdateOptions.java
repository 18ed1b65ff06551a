package io.continuum;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How an update is sent: its id (a retry with the same id gets the first answer and applies nothing
 * twice) and how long the caller waits for the step that applies it to commit.
 *
 * <pre>{@code
 * client.update("cart-7", "add", item, Integer.class,
 *         UpdateOptions.withId("add-" + requestId).withTimeout(Duration.ofSeconds(5)))
 *     .onFailure(err -> { if (err instanceof UpdatePending p) retryLater(p.updateId()); });
 * }</pre>
 *
 * @param updateId 1 to 128 characters of {@code [A-Za-z0-9._:-]}
 * @param timeout how long to wait for the answer; past it the call fails with {@link UpdatePending}
 *     (the update stays queued, and a retry with its id waits for the same answer)
 */
public record UpdateOptions(String updateId, Duration timeout) {
  /** What an update's name and an update id look like: 1 to 128 characters of [A-Za-z0-9._:-]. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** How long a caller waits for an answer unless it says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** Validates the options. */
  public UpdateOptions {
    Objects.requireNonNull(updateId, "updateId");
    Objects.requireNonNull(timeout, "timeout");
    if (!NAME.matcher(updateId).matches()) {
      throw new IllegalArgumentException(
          "an update id is 1 to 128 characters of [A-Za-z0-9._:-], got '" + updateId + "'");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
    }
  }

  /** A fresh random update id, the default timeout. */
  public static UpdateOptions defaults() {
    return new UpdateOptions(UUID.randomUUID().toString(), DEFAULT_TIMEOUT);
  }

  /** The update id {@code updateId}, the default timeout. */
  public static UpdateOptions withId(String updateId) {
    return new UpdateOptions(updateId, DEFAULT_TIMEOUT);
  }

  public UpdateOptions withTimeout(Duration timeout) {
    return new UpdateOptions(updateId, timeout);
  }
}
