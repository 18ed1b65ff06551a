package io.continuum.runtime.impl;

import io.continuum.core.event.InboxItem;
import io.continuum.core.replay.History;
import io.continuum.journal.FencedException;
import io.continuum.journal.TaskOutcome;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Activity outcomes local workers handed straight to a hosted run, one per task: the newest attempt
 * of a task replaces an older one, never the other way round. The journal accepts a handed-over
 * result only while its attempt still holds the task lease; when a commit says one was stale, or
 * the run stops being hosted here, the results are sent through the journal under their own task
 * leases instead ({@link #spill}), which drops the stale ones and keeps the current ones.
 */
final class LocalResults {
  private static final System.Logger LOG = System.getLogger(LocalResults.class.getName());

  /** A handed-over outcome and the task lease of the attempt that produced it. */
  record Handed(InboxItem.ActivityResult item, long leaseToken, String activityType) {}

  private final Map<Long, Handed> byTask = new LinkedHashMap<>();
  private final EngineRuntime rt;
  private final String runId;

  LocalResults(EngineRuntime rt, String runId) {
    this.rt = rt;
    this.runId = runId;
  }

  /** Takes an outcome, unless a newer attempt of its task is here; the older one is dropped. */
  void add(Handed handed) {
    Handed known = byTask.get(handed.item().id());
    if (known != null && known.item().attempts() > handed.item().attempts()) {
      dropped(handed);
      return;
    }
    if (known != null && !known.equals(handed)) {
      dropped(known);
    }
    byTask.put(handed.item().id(), handed);
  }

  private void dropped(Handed stale) {
    rt.metrics.activity(stale.activityType()).fenced.increment();
    LOG.log(
        Level.INFO,
        "dropped attempt {0} of task {1} of run {2}: a newer attempt holds it, or it is done",
        stale.item().attempts(),
        stale.item().id(),
        runId);
  }

  boolean isEmpty() {
    return byTask.isEmpty();
  }

  List<InboxItem> items() {
    List<InboxItem> items = new ArrayList<>(byTask.size());
    byTask.values().forEach(h -> items.add(h.item()));
    return items;
  }

  boolean contains(InboxItem item) {
    if (!(item instanceof InboxItem.ActivityResult a)) {
      return false;
    }
    Handed h = byTask.get(a.id());
    return h != null && h.item().equals(a);
  }

  boolean containsAny(List<InboxItem> items) {
    return items.stream().anyMatch(this::contains);
  }

  /** Forgets outcomes the history already holds (a commit landed though its reply was lost). */
  void dropResolved(History history) {
    byTask.values().removeIf(h -> history.resolution(h.item().commandSeq()) != null);
  }

  /** Forgets everything (the run ended: its tasks are gone). */
  void clear() {
    byTask.clear();
  }

  /** Forgets outcomes a committed step consumed. */
  void consumed(List<InboxItem> items) {
    for (InboxItem i : items) {
      if (contains(i)) {
        byTask.remove(i.id());
      }
    }
  }

  /**
   * The journal's inbox items plus the local outcomes of commands the journal has no outcome for:
   * an outcome in the journal (a task done or failed for good) supersedes any local one.
   */
  List<InboxItem> mergeInto(List<InboxItem> fromJournal) {
    List<InboxItem> all = new ArrayList<>(fromJournal);
    for (Handed h : byTask.values()) {
      int seq = h.item().commandSeq();
      if (fromJournal.stream()
          .noneMatch(i -> i instanceof InboxItem.ActivityResult a && a.commandSeq() == seq)) {
        all.add(h.item());
      }
    }
    return all;
  }

  /**
   * Sends every outcome held here through the journal under its attempt's task lease, and forgets
   * them: a current attempt's outcome lands in the run's inbox (for whoever owns the run now), a
   * stale one is fenced and dropped. A write that fails otherwise is dropped too: its task lease
   * lapses and the attempt is retried, as after a crash.
   */
  Future<Void> spill() {
    if (byTask.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Handed> all = List.copyOf(byTask.values());
    byTask.clear();
    List<Future<Void>> writes = new ArrayList<>(all.size());
    for (Handed h : all) {
      InboxItem.ActivityResult a = h.item();
      TaskOutcome outcome =
          a.result() != null
              ? TaskOutcome.success(a.result(), a.attempts())
              : TaskOutcome.failed(a.failure(), a.attempts());
      writes.add(
          rt.journal
              .completeTask(a.id(), h.leaseToken(), outcome)
              .recover(
                  err -> {
                    if (err instanceof FencedException) {
                      dropped(h);
                    } else {
                      LOG.log(
                          Level.WARNING,
                          "could not record attempt {0} of task {1} of run {2}; its lease will"
                              + " lapse and the attempt will be retried: {3}",
                          a.attempts(),
                          a.id(),
                          runId,
                          err.toString());
                    }
                    return Future.succeededFuture();
                  }));
    }
    return Future.join(writes).mapEmpty();
  }
}
