package io.continuum;

import io.vertx.core.Future;

/**
 * A started run.
 *
 * <pre>{@code
 * client.start(Checkout.class, order)
 *     .compose(RunHandle::result)
 *     .onSuccess(receipt -> log.info("done: {}", receipt));
 * }</pre>
 *
 * @param <O> the workflow's result type
 */
public interface RunHandle<O> {

  /** The run id (within its namespace). */
  String runId();

  /** The run's identity: its namespace and id. */
  RunRef ref();

  /** False when the start found an existing run with the same id and input and returned it. */
  boolean created();

  /** Waits for the run to finish, like {@link Continuum#await(String, Class)}. */
  Future<O> result();
}
