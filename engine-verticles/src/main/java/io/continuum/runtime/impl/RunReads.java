package io.continuum.runtime.impl;

import io.continuum.PendingWork;
import io.continuum.QueryFailed;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.replay.StepInput;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.journal.Inbox;
import io.continuum.journal.RunRecord;
import io.continuum.journal.TaskStatus;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads of a run's live state that write nothing, for the client: a query answered by replaying the
 * run's history here, and the work it waits on that its history does not show yet. Runs are named
 * by key.
 */
final class RunReads {
  private final EngineRuntime rt;

  RunReads(EngineRuntime rt) {
    this.rt = rt;
  }

  /** Answers query {@code name} of the run's chain tip, decoded to {@code type}. */
  <T> Future<T> query(String key, String name, Class<T> type) {
    return rt.journal
        .tip(key)
        .compose(
            tip ->
                rt.journal
                    .history(tip.runId(), 0)
                    .compose(events -> answer(tip, events, name, type)));
  }

  // Replaying a long history takes a while: off the event loop, as any blocking work.
  private <T> Future<T> answer(
      RunRecord tip, List<HistoryEvent> events, String name, Class<T> type) {
    return rt.vertx.executeBlocking(
        () -> {
          WorkflowDefinition def = rt.workflows.find(tip.workflowType(), tip.versionHash());
          if (def == null || events.isEmpty()) {
            throw new QueryFailed(
                "this node has no code for "
                    + tip.workflowType()
                    + (tip.versionHash() == null ? "" : " @" + tip.versionHash()),
                null);
          }
          var input =
              new StepInput(
                  tip.runId(),
                  tip.namespace(),
                  events.get(events.size() - 1).recordedAt(),
                  List.of());
          return rt.executor.query(def, events, input, name).decode(rt.codec, type);
        },
        false);
  }

  /** The run's unfinished activities (from the journal's task rows) and unconsumed signals. */
  Future<PendingWork> pendingWork(String key) {
    return Future.all(rt.journal.pendingTasks(key), rt.journal.inbox(key))
        .map(
            all -> {
              List<TaskStatus> tasks = all.resultAt(0);
              Inbox inbox = all.resultAt(1);
              List<PendingWork.Activity> activities = new ArrayList<>();
              for (TaskStatus t : tasks) {
                activities.add(
                    new PendingWork.Activity(
                        t.commandSeq(),
                        t.activityType(),
                        t.attempt(),
                        t.maxAttempts(),
                        t.leased(),
                        t.leased() ? null : t.availableAt(),
                        t.lastFailure(),
                        t.heartbeatDetails() == null ? null : t.heartbeatDetails().jsonText()));
              }
              List<PendingWork.Signal> mailbox = new ArrayList<>();
              for (InboxItem item : inbox.items()) {
                if (item instanceof InboxItem.Signal s) {
                  mailbox.add(new PendingWork.Signal(s.name(), s.payload().jsonText()));
                }
              }
              return new PendingWork(activities, mailbox);
            });
  }
}
