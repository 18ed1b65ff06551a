package io.continuum;

/**
 * The run has no handler for this query (its code never registered one with {@link
 * WorkflowContext#onQuery}, or not before the point the run has reached).
 *
 * <pre>{@code
 * client.query("order-42", "nope", String.class)
 *     .onFailure(err -> assertThat(err).isInstanceOf(UnknownQuery.class));
 * }</pre>
 */
public final class UnknownQuery extends ContinuumException {
  private final String query;

  public UnknownQuery(String query) {
    super("the run has no query '" + query + "'");
    this.query = query;
  }

  /** The query asked for. */
  public String query() {
    return query;
  }

  @Override
  public String errorType() {
    return "unknown-query";
  }
}
