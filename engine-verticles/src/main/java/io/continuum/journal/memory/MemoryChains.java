package io.continuum.journal.memory;

import io.continuum.RunConflict;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.TimerRequest;
import io.continuum.journal.JournalNotice;
import io.continuum.journal.NewRun;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * Continue-as-new chains in memory: the successor a continuing step creates, and the live tip that
 * signals and cancels addressed to any run of a chain reach. Called under the store's lock, so a
 * continuing commit and a signal never interleave.
 */
final class MemoryChains {
  private final MemoryStore store;
  private final MemoryChildren children;
  private final MemoryTasks tasks;

  MemoryChains(MemoryStore store, MemoryChildren children, MemoryTasks tasks) {
    this.store = store;
    this.children = children;
    this.tasks = tasks;
  }

  /** The run itself, or the newest run of its chain when it continued. */
  MemoryRun tip(MemoryRun row) {
    while (row.continuedTo != null) {
      row = store.runs.get(row.continuedTo);
    }
    return row;
  }

  /** Fails (before anything changed) when the step's successor id is taken. */
  void checkFree(String runId, StepOutcome step) {
    if (step.terminal() instanceof Event.RunContinued c
        && store.runs.containsKey(c.successorId())) {
      throw new RunConflict(c.successorId(), "an existing run (the successor of '" + runId + "')");
    }
  }

  /**
   * Creates the successor of {@code pred}, which just committed {@code c}: unleased and PENDING
   * (claimable), with the predecessor's unconsumed signals moved to its inbox in order and the
   * chain's execution deadline (not a fresh one) armed for it.
   */
  void continueRun(
      MemoryStore.Tx tx, MemoryRun pred, Event.RunContinued c, String version, Instant now) {
    String id = c.successorId();
    var next =
        new MemoryRun(
            id,
            pred.workflowType,
            pred.namespace,
            NewRun.hash(c.input()),
            version,
            now,
            pred.attributes);
    next.state = RunState.PENDING;
    next.correlationId = pred.correlationId == null ? pred.runId : pred.correlationId;
    next.continuedFrom = pred.runId;
    Event.RunStarted first = (Event.RunStarted) pred.events.get(0).event();
    next.events.add(
        new HistoryEvent(
            1,
            now,
            new Event.RunStarted(
                id,
                pred.namespace,
                pred.workflowType,
                c.input(),
                now,
                first.parentId(),
                first.depth())));
    children.inherit(pred, next);
    next.executionDeadline = pred.executionDeadline;
    if (next.executionDeadline != null) {
      tasks.arm(
          tx,
          id,
          List.of(
              new TimerRequest(InboxItem.TimerFired.EXECUTION_DEADLINE, next.executionDeadline)));
    }
    for (Iterator<InboxItem> it = pred.inbox.iterator(); it.hasNext(); ) {
      InboxItem item = it.next();
      if (item instanceof InboxItem.Signal) {
        next.inbox.add(item);
        it.remove();
      }
    }
    pred.continuedTo = id;
    store.runs.put(id, next);
    tx.notice(new JournalNotice.RunReady(id));
  }
}
