package io.continuum.http;

import io.continuum.journal.Journal;
import io.continuum.journal.memory.InMemoryJournal;
import io.vertx.core.Vertx;

class MemoryCompletionApiTest extends CompletionApiContract {
  @Override
  protected Journal journal(Vertx vertx) {
    return InMemoryJournal.create();
  }
}
