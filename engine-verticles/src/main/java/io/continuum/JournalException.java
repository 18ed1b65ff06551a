package io.continuum;

/**
 * A journal operation did not complete: the database was unreachable, a transaction was rolled
 * back, a statement or a lock wait timed out. The database refused it, so nothing was written —
 * unless {@link #mayHaveLanded()}: the connection broke after the write was sent, and it may have
 * committed. The engine never fails a run because of one; it retries the step from history.
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
  private final boolean mayHaveLanded;

  /** A failure after which a write may have landed (the cautious reading). */
  public JournalException(String operation, String message, boolean retryable, Throwable cause) {
    this(operation, message, retryable, true, cause);
  }

  public JournalException(
      String operation, String message, boolean retryable, boolean mayHaveLanded, Throwable cause) {
    super(operation + ": " + message, cause);
    this.operation = operation;
    this.retryable = retryable;
    this.mayHaveLanded = mayHaveLanded;
  }

  /** The journal operation that failed, e.g. {@code commit}. */
  public String operation() {
    return operation;
  }

  /** Whether repeating the operation may succeed (connection lost, serialization failure). */
  public boolean retryable() {
    return retryable;
  }

  /**
   * Whether a write may have been applied although the call failed (its reply was lost), so a
   * caller must read before assuming it was not; false when the database answered with an error.
   */
  public boolean mayHaveLanded() {
    return mayHaveLanded;
  }

  @Override
  public String errorType() {
    return "journal-unavailable";
  }
}
