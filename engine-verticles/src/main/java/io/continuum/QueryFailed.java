package io.continuum;

/**
 * A query could not be answered: its handler threw, called the workflow context (a query reads
 * state; it cannot run activities, sleep or record anything), or the run's code no longer replays
 * its history.
 *
 * <pre>{@code
 * client.query("order-42", "status", Status.class)
 *     .onFailure(err -> { if (err instanceof QueryFailed f) log.warn(f.getMessage()); });
 * }</pre>
 */
public final class QueryFailed extends ContinuumException {

  public QueryFailed(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorType() {
    return "query-failed";
  }
}
