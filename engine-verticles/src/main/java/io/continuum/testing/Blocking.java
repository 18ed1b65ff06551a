package io.continuum.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for futures on a test thread; refuses to block an event loop. */
final class Blocking {
  private Blocking() {}

  static <T> T join(Future<T> future, Duration timeout) {
    if (Context.isOnEventLoopThread() || Context.isOnWorkerThread()) {
      throw new IllegalStateException(
          "the test kit's blocking calls must not run on a Vert.x thread");
    }
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("gave up after " + timeout + " waiting for the engine", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
