package io.continuum.pg.impl;

import io.continuum.ContinuumException;
import io.continuum.JournalException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.Set;

/**
 * Classifies database failures: engine errors pass through; everything else becomes a {@link
 * JournalException} that says whether a retry may succeed, and never carries SQL text.
 */
final class PgErrors {
  // Connection exceptions, serialization failures, deadlocks, shutdowns, resource exhaustion.
  private static final Set<String> RETRYABLE_CLASSES = Set.of("08", "40", "53", "57", "58");
  private static final Set<String> RETRYABLE_STATES = Set.of("55P03", "55006", "25006");

  private PgErrors() {}

  /** Whether a SQLSTATE says "not now" rather than "not this": a retry may succeed. */
  static boolean transientState(String state) {
    String s = state == null ? "" : state;
    return RETRYABLE_STATES.contains(s)
        || (s.length() == 5 && RETRYABLE_CLASSES.contains(s.substring(0, 2)));
  }

  static Throwable classify(String operation, Throwable error) {
    if (error instanceof ContinuumException) {
      return error;
    }
    if (error instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      boolean retryable = transientState(state);
      // The server answered with an error: the statement was not applied (unless the error is
      // about the connection itself, which may have broken after a commit).
      boolean mayHaveLanded = state.startsWith("08");
      return new JournalException(
          operation, "database error " + state, retryable, mayHaveLanded, error);
    }
    boolean connection =
        error instanceof IOException
            || String.valueOf(error.getMessage())
                .toLowerCase(java.util.Locale.ROOT)
                .contains("closed")
            || error.getClass().getName().startsWith("io.netty");
    return new JournalException(operation, error.getClass().getSimpleName(), connection, error);
  }
}
