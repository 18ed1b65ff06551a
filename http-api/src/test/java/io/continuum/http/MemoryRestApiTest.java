package io.continuum.http;

import io.continuum.journal.Journal;
import io.continuum.journal.memory.InMemoryJournal;
import io.vertx.core.Vertx;

class MemoryRestApiTest extends RestApiContract {
  @Override
  protected Journal journal(Vertx vertx) {
    return InMemoryJournal.create();
  }
}
