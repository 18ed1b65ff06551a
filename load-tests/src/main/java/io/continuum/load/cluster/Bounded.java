package io.continuum.load.cluster;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounded waits that say what they waited for: a stuck measurement fails (exit status 1) with the
 * name of the thing that did not happen, never hangs.
 *
 * <pre>{@code
 * Vertx vertx = Bounded.await(ContinuumCluster.start(options), Duration.ofSeconds(60),
 *     "node bench-2 to join the cluster");
 * }</pre>
 */
final class Bounded {
  private Bounded() {}

  /**
   * The future's value, or an {@link IllegalStateException} naming {@code what} when it failed or
   * did not complete within {@code bound}.
   */
  static <T> T await(Future<T> future, Duration bound, String what) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + bound + " waiting for " + what);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "failed waiting for " + what + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + what, e);
    }
  }
}
