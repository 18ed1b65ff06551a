package io.continuum.http;

import io.continuum.journal.Journal;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Vertx;

class PgCompletionApiTest extends CompletionApiContract {
  @Override
  protected Journal journal(Vertx vertx) {
    return PgTestDatabase.join(
        PgJournal.create(
            vertx, PgTestDatabase.shared().newDatabase(), PgJournalOptions.defaults()));
  }
}
