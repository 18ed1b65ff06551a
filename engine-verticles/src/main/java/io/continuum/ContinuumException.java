package io.continuum;

/**
 * The base of Continuum's checked-by-type, unchecked-by-declaration errors. Each subclass has a
 * stable {@link #errorType()} that the REST API uses as its problem type.
 *
 * <pre>{@code
 * client.signal(runId, "approval", approval).onFailure(err -> {
 *   if (err instanceof RunNotFound) { ... } else if (err instanceof RunTerminal t) { ... }
 * });
 * }</pre>
 */
public abstract class ContinuumException extends RuntimeException {

  protected ContinuumException(String message) {
    super(message);
  }

  protected ContinuumException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A stable, kebab-case identifier of the error kind, e.g. {@code run-not-found}. */
  public abstract String errorType();
}
