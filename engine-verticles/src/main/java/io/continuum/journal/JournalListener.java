package io.continuum.journal;

/**
 * Receives {@link JournalNotice}s. Called on any thread; implementations hand off quickly (the
 * engine routes notices over the event bus).
 *
 * <pre>{@code
 * journal.listen(notice -> vertx.eventBus().send(Addresses.NOTICES, notice));
 * }</pre>
 */
@FunctionalInterface
public interface JournalListener {

  /** Handles one notice. */
  void onNotice(JournalNotice notice);
}
