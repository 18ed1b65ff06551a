package io.continuum.pg;

import io.continuum.ContinuumException;

/**
 * The database schema does not match this code: it is behind (run {@code continuum migrate} or set
 * {@link PgJournalOptions#autoMigrate()}), ahead (a newer Continuum migrated it: deploy that
 * version), or an applied migration differs from the one this code ships.
 *
 * <pre>{@code
 * PgJournal.create(vertx, db, options).onFailure(err -> {
 *   if (err instanceof SchemaVersionException s) log.error("schema {} vs code {}", s.found(), s.expected());
 * });
 * }</pre>
 */
public final class SchemaVersionException extends ContinuumException {
  private final int found;
  private final int expected;

  public SchemaVersionException(String message, int found, int expected) {
    super(message);
    this.found = found;
    this.expected = expected;
  }

  /** The schema version found in the database (0 when none). */
  public int found() {
    return found;
  }

  /** The newest schema version this code knows. */
  public int expected() {
    return expected;
  }

  @Override
  public String errorType() {
    return "schema-version";
  }
}
