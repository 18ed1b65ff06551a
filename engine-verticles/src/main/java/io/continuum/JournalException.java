package io.continuum;

/**
 * A journal operation did not complete: the database was unreachable, a transaction was rolled
 * back, a statement timed out. Nothing was written. The engine never fails a run because of one; it
 * retries the step from history.
 *
 * <pre>{@code
 * client.signal(runId, "go", payload).onFailure(err -> {
 *   if (err instanceof JournalException j && j.retryable()) retryLater();
 * });
 * }</pre>
 */
public class JournalException extends ContinuumException {
  private final String operation;
  private final boolean retryable;

  public JournalException(String operation, String message, boolean retryable, Throwable cause) {
    super(operation + ": " + message, cause);
    this.operation = operation;
    this.retryable = retryable;
  }

  /** The journal operation that failed, e.g. {@code commit}. */
  public String operation() {
    return operation;
  }

  /** Whether repeating the operation may succeed (connection lost, serialization failure). */
  public boolean retryable() {
    return retryable;
  }

  @Override
  public String errorType() {
    return "journal-unavailable";
  }
}
