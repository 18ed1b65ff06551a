package io.continuum;

/**
 * A query, cursor or search-attribute map that cannot be used: a malformed or tampered cursor, a
 * cursor from another query, an invalid attribute name or value, an empty time range. Nothing was
 * read or written.
 *
 * <pre>{@code
 * client.query(RunQuery.in("default").withCursor("not-a-cursor"))
 *     .onFailure(err -> assertThat(err).isInstanceOf(InvalidQuery.class));
 * }</pre>
 */
public final class InvalidQuery extends ContinuumException {

  public InvalidQuery(String message) {
    super(message);
  }

  @Override
  public String errorType() {
    return "invalid-query";
  }
}
