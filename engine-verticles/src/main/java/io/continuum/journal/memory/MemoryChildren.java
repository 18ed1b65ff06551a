package io.continuum.journal.memory;

import io.continuum.Failure;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.replay.ChildRequest;
import io.continuum.journal.JournalNotice;
import java.time.Instant;
import java.util.List;

/**
 * Child runs in memory: created by their parent's step, reporting their end to the parent's inbox,
 * and cancelled when the parent ends. Called under the store's lock, inside the transaction that
 * commits the parent's (or the child's) step, as the Postgres journal does in one transaction.
 */
final class MemoryChildren {
  /** The failure a parent sees when a child's id is taken by another run. */
  static final String ID_TAKEN = "io.continuum.RunConflict";

  private final MemoryStore store;

  MemoryChildren(MemoryStore store) {
    this.store = store;
  }

  /** Creates the children a step of {@code parent} started: unleased and runnable. */
  void create(MemoryStore.Tx tx, MemoryRun parent, List<ChildRequest> children, Instant now) {
    for (ChildRequest c : children) {
      String id = c.childId();
      if (store.runs.containsKey(id)) {
        var taken = Failure.of(ID_TAKEN, "run id '" + id + "' is taken by another run");
        parent.inbox.add(
            new InboxItem.ChildOutcome(
                store.nextId(), c.seq(), id, RunState.FAILED, null, taken, null));
        continue;
      }
      Event.RunStarted started = c.started();
      var child =
          new MemoryRun(
              id,
              started.workflowType(),
              started.namespace(),
              c.inputHash(),
              c.versionHash(),
              now,
              c.attributes());
      child.state = RunState.PENDING;
      child.parentId = parent.runId;
      child.parentSeq = c.seq();
      child.events.add(new HistoryEvent(1, now, started));
      store.runs.put(id, child);
      parent.children.add(id);
      tx.notice(new JournalNotice.RunReady(id));
    }
  }

  /**
   * {@code row} just ended. Unless it continued as new (its successor carries on for it), its
   * parent learns the outcome and its live children are asked to cancel, which cascades down as
   * each of them ends.
   */
  void ended(MemoryStore.Tx tx, MemoryRun row) {
    if (row.state == RunState.CONTINUED) {
      return;
    }
    MemoryRun parent = row.parentId == null ? null : store.runs.get(row.parentId);
    if (parent != null && !parent.state.isTerminal()) {
      String reason =
          row.events.get(row.events.size() - 1).event() instanceof Event.RunCancelled c
              ? c.reason()
              : null;
      parent.inbox.add(
          new InboxItem.ChildOutcome(
              store.nextId(),
              row.parentSeq,
              row.correlationId == null ? row.runId : row.correlationId,
              row.state,
              row.state == RunState.COMPLETED ? row.result : null,
              row.state == RunState.FAILED ? row.failure : null,
              reason));
      tx.notice(new JournalNotice.RunReady(parent.runId));
    }
    String why = "parent '" + row.runId + "' " + row.state.wireName();
    for (String id : row.children) {
      MemoryRun child = store.runs.get(id);
      if (child.state.isTerminal()) {
        continue;
      }
      if (child.inbox.stream().noneMatch(InboxItem.CancelRequested.class::isInstance)) {
        child.inbox.add(new InboxItem.CancelRequested(store.nextId(), why));
      }
      tx.notice(new JournalNotice.RunReady(id));
    }
  }

  /** A successor takes over its predecessor's place as a child and as a parent. */
  void inherit(MemoryRun pred, MemoryRun next) {
    next.parentId = pred.parentId;
    next.parentSeq = pred.parentSeq;
    if (pred.parentId != null) {
      store.runs.get(pred.parentId).children.add(next.runId);
    }
    for (String id : pred.children) {
      MemoryRun child = store.runs.get(id);
      if (!child.state.isTerminal()) {
        child.parentId = next.runId;
        next.children.add(id);
      }
    }
  }
}
