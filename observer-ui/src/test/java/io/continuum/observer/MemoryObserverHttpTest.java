package io.continuum.observer;

import io.continuum.journal.Journal;
import io.continuum.journal.memory.InMemoryJournal;
import io.vertx.core.Vertx;

class MemoryObserverHttpTest extends ObserverHttpContract {
  @Override
  protected Journal journal(Vertx vertx) {
    return InMemoryJournal.create();
  }
}
