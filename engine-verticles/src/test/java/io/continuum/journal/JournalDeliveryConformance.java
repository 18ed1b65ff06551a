package io.continuum.journal;

import static io.continuum.journal.FencedException.Reason.RUN_TERMINAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.continuum.Failure;
import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.replay.StepOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conformance: {@link Journal#signal}, {@link Journal#cancel} and {@link Journal#inbox}. */
public abstract class JournalDeliveryConformance extends JournalCommitConformance {

  @Test
  void signalToAnUnknownRunIsRunNotFound() {
    assertThatThrownBy(() -> signal("no-such-run", APPROVAL, "\"yes\""))
        .isInstanceOfSatisfying(
            RunNotFound.class, e -> assertThat(e.runId()).isEqualTo("no-such-run"));
  }

  @Test
  void signalToAFinishedRunIsRunTerminalAndChangesNothing() {
    completeRun(startAwaitingSignal("run-1"));
    RunSnapshot before = snapshot("run-1");

    assertThatThrownBy(() -> signal("run-1", APPROVAL, "\"yes\""))
        .isInstanceOfSatisfying(
            RunTerminal.class,
            e -> {
              assertThat(e.runId()).isEqualTo("run-1");
              assertThat(e.state()).isEqualTo(RunState.COMPLETED);
            });
    assertUnchanged(before);
  }

  @Test
  void signalsWaitInTheInboxInArrivalOrderPerNameAndAcrossNames() {
    startAwaitingSignal("run-1");
    startAwaitingSignal("run-2");

    long a1 = signal("run-1", APPROVAL, "\"a1\"");
    long b1 = signal("run-1", "address", "\"b1\"");
    long a2 = signal("run-1", APPROVAL, "\"a2\"");
    long other = signal("run-2", APPROVAL, "\"x\"");

    assertThat(List.of(a1, b1, a2, other)).isSorted().doesNotHaveDuplicates();
    assertThat(inbox("run-1"))
        .containsExactly(
            new InboxItem.Signal(a1, APPROVAL, json("\"a1\"")),
            new InboxItem.Signal(b1, "address", json("\"b1\"")),
            new InboxItem.Signal(a2, APPROVAL, json("\"a2\"")));
    assertThat(inbox("run-2"))
        .containsExactly(new InboxItem.Signal(other, APPROVAL, json("\"x\"")));
    assertThat(run("run-1").lastSeq()).as("signals do not touch history").isEqualTo(2);
  }

  @Test
  void cancellingAnUnleasedRunCancelsItAtOnceAndDiscardsItsPendingWork() {
    Instant fireAt = inJournalTime(Duration.ofMinutes(1));
    start(
        "run-1",
        step(RunState.SUSPENDED)
            .events(scheduled(CHARGE, 0), timerStarted(0, fireAt))
            .activity(activity(2, CHARGE, OPTIONS, "run-1/2"))
            .timer(3, fireAt)
            .build());
    signal("run-1", APPROVAL, "\"yes\"");
    release("run-1");

    Instant before = journalNow();
    CancelResult result = await(journal.cancel("run-1", "operator"));
    Instant after = journalNow();

    assertThat(result).isEqualTo(CancelResult.CANCELLED);
    RunRecord row = run("run-1");
    assertThat(row.state()).isEqualTo(RunState.CANCELLED);
    assertThat(row.lastSeq()).isEqualTo(4);
    assertLeaseCleared(row);
    List<HistoryEvent> history = history("run-1");
    assertThat(history)
        .last()
        .extracting(HistoryEvent::seq, HistoryEvent::event)
        .containsExactly(4, new Event.RunCancelled("operator"));
    assertTakenBetween(history.get(3).recordedAt(), before, after);
    assertThat(inbox("run-1")).isEmpty();
    assertThat(claimTasks(CHARGE)).isEmpty();
    assertThat(timersDueWithin(Duration.ofHours(1))).isEmpty();
    assertThat(claimRunnable(OTHER_OWNER)).isEmpty();
  }

  @Test
  void cancellingARunWhoseLeaseExpiredCancelsItAtOnce() {
    Started run = startAwaitingSignal("run-1");
    expireLeases();

    assertThat(await(journal.cancel("run-1", "operator"))).isEqualTo(CancelResult.CANCELLED);

    RunRecord row = run("run-1");
    assertThat(row.state()).isEqualTo(RunState.CANCELLED);
    assertLeaseCleared(row);
    assertThat(history("run-1"))
        .extracting(HistoryEvent::seq, HistoryEvent::event)
        .endsWith(tuple(3, new Event.RunCancelled("operator")));
    assertFenced(
        () -> await(journal.commit(new StepCommit("run-1", run.token(), 3, completing("1")))),
        RUN_TERMINAL);
  }

  @Test
  void cancellingADriftedRunCancelsItAtOnce() {
    Started run = startAwaitingSignal("run-1");
    commitAtHead("run-1", run.token(), step(RunState.DRIFTED).drift(drift()).build());

    assertThat(await(journal.cancel("run-1", "operator"))).isEqualTo(CancelResult.CANCELLED);

    assertThat(run("run-1").state()).isEqualTo(RunState.CANCELLED);
    assertThat(history("run-1"))
        .last()
        .extracting(HistoryEvent::event)
        .isEqualTo(new Event.RunCancelled("operator"));
  }

  @Test
  void cancellingACancelledRunAgainIsAlreadyCancelledAndChangesNothing() {
    startAwaitingSignal("run-1");
    release("run-1");
    await(journal.cancel("run-1", "operator"));
    RunSnapshot before = snapshot("run-1");

    assertThat(await(journal.cancel("run-1", "again"))).isEqualTo(CancelResult.ALREADY_CANCELLED);

    assertUnchanged(before);
    assertThatThrownBy(() -> signal("run-1", APPROVAL, "\"late\""))
        .isInstanceOfSatisfying(
            RunTerminal.class, e -> assertThat(e.state()).isEqualTo(RunState.CANCELLED));
  }

  @Test
  void cancellingACompletedRunIsRunTerminalAndChangesNothing() {
    completeRun(startAwaitingSignal("run-1"));
    RunSnapshot before = snapshot("run-1");

    assertThatThrownBy(() -> await(journal.cancel("run-1", "operator")))
        .isInstanceOfSatisfying(
            RunTerminal.class, e -> assertThat(e.state()).isEqualTo(RunState.COMPLETED));
    assertUnchanged(before);
  }

  @Test
  void cancellingAFailedRunIsRunTerminalAndChangesNothing() {
    Started run = startAwaitingSignal("run-1");
    commitAtHead(
        "run-1",
        run.token(),
        step(RunState.FAILED).events(new Event.RunFailed(Failure.of("com.acme.Boom", ""))).build());
    RunSnapshot before = snapshot("run-1");

    assertThatThrownBy(() -> await(journal.cancel("run-1", "operator")))
        .isInstanceOfSatisfying(
            RunTerminal.class, e -> assertThat(e.state()).isEqualTo(RunState.FAILED));
    assertUnchanged(before);
  }

  @Test
  void cancellingAnUnknownRunIsRunNotFound() {
    assertThatThrownBy(() -> await(journal.cancel("no-such-run", "operator")))
        .isInstanceOf(RunNotFound.class);
  }

  @Test
  void cancellingALeasedRunRequestsItOnceThroughTheInbox() {
    Started run = startAwaitingSignal("run-1");
    RunSnapshot before = snapshot("run-1");

    assertThat(await(journal.cancel("run-1", "operator"))).isEqualTo(CancelResult.REQUESTED);
    assertThat(await(journal.cancel("run-1", "operator"))).isEqualTo(CancelResult.REQUESTED);

    List<InboxItem> items = inbox("run-1");
    assertThat(items)
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.CancelRequested.class, c -> assertThat(c.reason()).isEqualTo("operator"));
    RunRecord row = run("run-1");
    assertThat(row.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(row.lastSeq()).isEqualTo(2);
    assertThat(row.leaseOwner()).isEqualTo(OWNER);
    assertThat(row.leaseToken()).isEqualTo(run.token());
    assertThat(row.leaseExpiresAt()).isEqualTo(before.run().leaseExpiresAt());
    assertThat(history("run-1")).isEqualTo(before.history());
  }

  @Test
  void theLeaseHolderHonoursACancelRequestByCommittingRunCancelled() {
    Started run = startAwaitingSignal("run-1");
    await(journal.cancel("run-1", "operator"));
    InboxItem request = inbox("run-1").get(0);

    int lastSeq =
        commitAtHead(
            "run-1",
            run.token(),
            step(RunState.CANCELLED)
                .events(new Event.RunCancelled("operator"))
                .consume(request)
                .build());

    assertThat(lastSeq).isEqualTo(3);
    RunRecord row = run("run-1");
    assertThat(row.state()).isEqualTo(RunState.CANCELLED);
    assertLeaseCleared(row);
    assertThat(inbox("run-1")).isEmpty();
    assertThat(await(journal.cancel("run-1", "again"))).isEqualTo(CancelResult.ALREADY_CANCELLED);
  }

  /**
   * Issue 12, defect 3: a recorded cancel request is binding. A step that read the inbox before the
   * request and would now complete, fail, continue or park the run is refused as stale and writes
   * nothing; a step that keeps it suspended may commit (the next one sees the request).
   */
  @Test
  void whileACancelRequestWaitsOnlyACancellingStepMayEndTheRun() {
    Started run = startAwaitingSignal("run-1");
    await(journal.cancel("run-1", "operator"));
    RunSnapshot before = snapshot("run-1");

    List<StepOutcome> ends =
        List.of(
            completing("\"done\""),
            step(RunState.FAILED)
                .events(new Event.RunFailed(Failure.of("boom", "it broke")))
                .build(),
            step(RunState.CONTINUED)
                .events(new Event.RunContinued("run-1:cont-1", json("\"next\"")))
                .build(),
            step(RunState.DRIFTED).drift(drift()).build());
    for (StepOutcome end : ends) {
      assertFenced(
          () -> await(journal.commit(new StepCommit("run-1", run.token(), 2, end))),
          FencedException.Reason.STALE_SEQ);
      assertUnchanged(before);
    }

    int lastSeq =
        commitAtHead(
            "run-1",
            run.token(),
            step(RunState.SUSPENDED).events(recorded("note", "\"kept waiting\"")).build());
    assertThat(lastSeq).isEqualTo(3);
    InboxItem request = inbox("run-1").get(0);
    commitAtHead(
        "run-1",
        run.token(),
        step(RunState.CANCELLED)
            .events(new Event.RunCancelled("operator"))
            .consume(request)
            .build());
    assertThat(run("run-1").state()).isEqualTo(RunState.CANCELLED);
    assertThat(lastEvent("run-1")).isInstanceOf(Event.RunCancelled.class);
  }

  @Test
  void aRunThatEndedBeforeTheCancelKeepsItsEndAndTheCancelSaysWhichEnd() {
    Started run = startAwaitingSignal("run-1");
    completeRun(run);

    assertThatThrownBy(() -> await(journal.cancel("run-1", "operator")))
        .isInstanceOfSatisfying(
            RunTerminal.class, t -> assertThat(t.state()).isEqualTo(RunState.COMPLETED));
    assertThat(run("run-1").state()).isEqualTo(RunState.COMPLETED);
  }

  @Test
  void inboxReadsCarryTheJournalsTime() {
    startAwaitingSignal("run-1");

    Instant first = await(journal.inbox("run-1")).now();
    Instant second = await(journal.inbox("run-1")).now();
    advanceTime(Duration.ofHours(1));
    Instant third = await(journal.inbox("run-1")).now();

    assertThat(second).isAfterOrEqualTo(first);
    assertThat(third).isAfterOrEqualTo(second.plus(Duration.ofHours(1)));
  }

  private Event lastEvent(String runId) {
    List<HistoryEvent> events = history(runId);
    return events.get(events.size() - 1).event();
  }
}
