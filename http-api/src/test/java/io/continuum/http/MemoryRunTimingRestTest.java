package io.continuum.http;

import io.continuum.journal.Journal;
import io.continuum.journal.memory.InMemoryJournal;
import io.vertx.core.Vertx;

class MemoryRunTimingRestTest extends RunTimingRestContract {
  @Override
  protected Journal journal(Vertx vertx) {
    return InMemoryJournal.create();
  }
}
