package io.continuum.journal;

import static io.continuum.journal.FencedException.Reason.ILLEGAL_TRANSITION;
import static io.continuum.journal.FencedException.Reason.LEASE_LOST;
import static io.continuum.journal.FencedException.Reason.RUN_TERMINAL;
import static io.continuum.journal.FencedException.Reason.STALE_SEQ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.continuum.Compensation;
import io.continuum.Failure;
import io.continuum.ReplayDriftError;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.replay.StepOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conformance: {@link Journal#commit}, fencing, terminal commits, drift and attributes. */
public abstract class JournalCommitConformance extends JournalStartConformance {
  private static final String REFUND = "payments.refund";

  @Test
  void commitAppendsTheStepsEventsWithGaplessSeqsAfterTheExpectedLastSeq() {
    Started run = startAwaitingSignal("run-1");
    long signalId = signal("run-1", APPROVAL, "\"yes\"");
    InboxItem approval = inbox("run-1").get(0);

    Instant before = journalNow();
    int afterFirst =
        committed(
            journal.commit(
                new StepCommit(
                    "run-1",
                    run.token(),
                    2,
                    step(RunState.SUSPENDED)
                        .events(
                            new Event.SignalReceived(2, signalId, json("\"yes\"")),
                            scheduled(CHARGE, 0))
                        .consume(approval)
                        .activity(activity(4, CHARGE, OPTIONS, "run-1/4"))
                        .build())));
    Instant after = journalNow();
    int afterSecond =
        committed(
            journal.commit(
                new StepCommit(
                    "run-1",
                    run.token(),
                    4,
                    step(RunState.SUSPENDED).events(recorded("uuid", "\"u-1\"")).build())));

    assertThat(afterFirst).isEqualTo(4);
    assertThat(afterSecond).isEqualTo(5);
    List<HistoryEvent> history = history("run-1");
    assertThat(history)
        .extracting(HistoryEvent::seq, HistoryEvent::event)
        .containsExactly(
            tuple(1, new Event.RunStarted("run-1", NAMESPACE, TYPE, INPUT, STARTED_AT)),
            tuple(2, awaitSignal(APPROVAL, 0)),
            tuple(3, new Event.SignalReceived(2, signalId, json("\"yes\""))),
            tuple(4, scheduled(CHARGE, 0)),
            tuple(5, recorded("uuid", "\"u-1\"")));
    assertTakenBetween(history.get(2).recordedAt(), before, after);
    RunRecord row = run("run-1");
    assertThat(row.lastSeq()).isEqualTo(5);
    assertThat(row.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(row.leaseToken()).isEqualTo(run.token());
    assertThat(inbox("run-1")).isEmpty();
    assertThat(claimTasks(CHARGE)).extracting(ActivityTask::commandSeq).containsExactly(4);
  }

  @Test
  void aSagaCompensationIsAnOrdinaryActivityTaskAndItsEventsRoundTrip() {
    Started run = startAwaitingSignal("run-1");
    var compensated = OPTIONS.withCompensation(new Compensation(REFUND, null));
    committed(
        journal.commit(
            new StepCommit(
                "run-1",
                run.token(),
                2,
                step(RunState.SUSPENDED)
                    .events(scheduled(CHARGE, 0, compensated))
                    .activity(activity(3, CHARGE, compensated, "run-1/3"))
                    .build())));
    var compensation =
        new Event.CompensationScheduled(
            new CommandId(CommandKind.COMPENSATION, REFUND, 0), 3, CHARGE_INPUT, OPTIONS);
    committed(
        journal.commit(
            new StepCommit(
                "run-1",
                run.token(),
                3,
                step(RunState.SUSPENDED)
                    .events(new Event.ActivityCompleted(3, json("\"ch_1\""), 1), compensation)
                    .activity(activity(5, REFUND, OPTIONS, "run-1/5"))
                    .build())));

    assertThat(history("run-1"))
        .extracting(HistoryEvent::event)
        .containsSubsequence(scheduled(CHARGE, 0, compensated), compensation);
    var original = (Event.ActivityScheduled) history("run-1").get(2).event();
    assertThat(original.options().compensation().activityType()).isEqualTo(REFUND);
    assertThat(claimTasks(REFUND))
        .extracting(ActivityTask::commandSeq, ActivityTask::idempotencyKey)
        .containsExactly(tuple(5, "run-1/5"));
  }

  @Test
  void commitUnderAStaleLeaseTokenIsFencedLeaseLostAndWritesNothing() {
    Started run = startAwaitingSignal("run-1");
    signal("run-1", APPROVAL, "\"yes\"");
    RunSnapshot before = snapshot("run-1");

    assertThatThrownBy(
            () ->
                await(
                    journal.commit(
                        new StepCommit("run-1", run.token() + 1000, 2, busyStep(before)))))
        .isInstanceOfSatisfying(
            FencedException.class,
            f -> {
              assertThat(f.reason()).isEqualTo(LEASE_LOST);
              assertThat(f.runId()).isEqualTo("run-1");
            });
    assertNothingWritten(before);
  }

  @Test
  void commitAfterAnotherSeqThanTheLastIsFencedStaleSeqAndWritesNothing() {
    Started run = startAwaitingSignal("run-1");
    signal("run-1", APPROVAL, "\"yes\"");
    RunSnapshot before = snapshot("run-1");

    assertFenced(
        () -> await(journal.commit(new StepCommit("run-1", run.token(), 1, busyStep(before)))),
        STALE_SEQ);
    assertFenced(
        () -> await(journal.commit(new StepCommit("run-1", run.token(), 3, busyStep(before)))),
        STALE_SEQ);
    assertNothingWritten(before);
  }

  @Test
  void commitToATerminalRunIsFencedRunTerminalAndWritesNothing() {
    Started run = startAwaitingSignal("run-1");
    completeRun(run);
    RunSnapshot before = snapshot("run-1");

    assertFenced(
        () -> await(journal.commit(new StepCommit("run-1", run.token(), 3, busyStep(before)))),
        RUN_TERMINAL);
    assertNothingWritten(before);
  }

  @Test
  void commitOfATransitionTheStateTableForbidsIsFencedIllegalTransition() {
    Started run = startAwaitingSignal("run-1");
    RunSnapshot before = snapshot("run-1");

    assertFenced(
        () ->
            await(
                journal.commit(
                    new StepCommit(
                        "run-1",
                        run.token(),
                        2,
                        step(RunState.PENDING).events(recorded("x", "\"1\"")).build()))),
        ILLEGAL_TRANSITION);
    assertUnchanged(before);
  }

  @Test
  void aCompletingCommitStoresTheResultClearsTheLeaseAndDiscardsPendingWork() {
    Instant fireAt = inJournalTime(Duration.ofMinutes(1));
    Started run =
        start(
            "run-1",
            step(RunState.SUSPENDED)
                .events(scheduled(CHARGE, 0), timerStarted(0, fireAt))
                .activity(activity(2, CHARGE, OPTIONS, "run-1/2"))
                .timer(3, fireAt)
                .build());
    signal("run-1", APPROVAL, "\"yes\"");

    int lastSeq =
        committed(journal.commit(new StepCommit("run-1", run.token(), 3, completing("42"))));

    assertThat(lastSeq).isEqualTo(4);
    RunRecord row = run("run-1");
    assertThat(row.state()).isEqualTo(RunState.COMPLETED);
    assertThat(row.lastSeq()).isEqualTo(4);
    assertJson(row.result(), "42");
    assertThat(row.failure()).isNull();
    assertLeaseCleared(row);
    assertThat(history("run-1").get(3).event()).isEqualTo(new Event.RunCompleted(json("42")));
    assertThat(inbox("run-1")).isEmpty();
    assertThat(claimTasks(CHARGE)).isEmpty();
    assertThat(timersDueWithin(Duration.ofHours(1))).isEmpty();
  }

  @Test
  void aFailingCommitStoresTheFailureAndClearsTheLease() {
    Started run = startAwaitingSignal("run-1");
    Failure boom = Failure.of("com.acme.Boom", "boom");

    commitAtHead(
        "run-1", run.token(), step(RunState.FAILED).events(new Event.RunFailed(boom)).build());

    RunRecord row = run("run-1");
    assertThat(row.state()).isEqualTo(RunState.FAILED);
    assertThat(row.failure()).isEqualTo(boom);
    assertThat(row.result()).isNull();
    assertLeaseCleared(row);
    assertThat(history("run-1").get(2).event()).isEqualTo(new Event.RunFailed(boom));
  }

  @Test
  void aTerminalStateNeverChangesAfterwards() {
    Started run = startAwaitingSignal("run-1");
    completeRun(run);
    RunSnapshot before = snapshot("run-1");

    assertFenced(
        () ->
            await(
                journal.commit(
                    new StepCommit(
                        "run-1",
                        run.token(),
                        3,
                        step(RunState.FAILED)
                            .events(new Event.RunFailed(Failure.of("x", "y")))
                            .build()))),
        RUN_TERMINAL);
    assertThatThrownBy(() -> signal("run-1", APPROVAL, "\"late\""))
        .isInstanceOfSatisfying(
            RunTerminal.class, e -> assertThat(e.state()).isEqualTo(RunState.COMPLETED));
    assertThatThrownBy(() -> await(journal.cancel("run-1", "operator")))
        .isInstanceOf(RunTerminal.class);
    expireLeases();
    assertThat(claimRunnable(OTHER_OWNER)).isEmpty();
    assertUnchanged(before);
  }

  @Test
  void aDriftedOutcomeStoresTheDriftClearsTheLeaseAndIsNotClaimable() {
    Started run = startAwaitingSignal("run-1");
    ReplayDriftError drift = drift();

    int lastSeq =
        committed(
            journal.commit(
                new StepCommit(
                    "run-1", run.token(), 2, step(RunState.DRIFTED).drift(drift).build())));

    assertThat(lastSeq).isEqualTo(2);
    RunRecord row = run("run-1");
    assertThat(row.state()).isEqualTo(RunState.DRIFTED);
    assertThat(row.drift()).isEqualTo(drift.getMessage());
    assertThat(row.lastSeq()).isEqualTo(2);
    assertLeaseCleared(row);
    signal("run-1", APPROVAL, "\"yes\"");
    assertThat(claimRunnable(OTHER_OWNER)).isEmpty();
    expireLeases();
    assertThat(claimRunnable(OTHER_OWNER)).isEmpty();
    assertFenced(
        () -> await(journal.commit(new StepCommit("run-1", run.token(), 2, completing("1")))),
        LEASE_LOST);
    assertThat(run("run-1").state()).isEqualTo(RunState.DRIFTED);
  }

  @Test
  void attributesMergeTopLevelKeysLikeJsonbConcatenation() {
    Started run = startAwaitingSignal("run-1");

    commitAtHead(
        "run-1",
        run.token(),
        step(RunState.SUSPENDED)
            .events(recorded("a", "1"))
            .attributes("{\"tier\":\"platinum\",\"meta\":{\"a\":1}}")
            .build());
    assertJson(
        run("run-1").attributes(), "{\"tier\":\"platinum\",\"region\":\"eu\",\"meta\":{\"a\":1}}");

    commitAtHead(
        "run-1",
        run.token(),
        step(RunState.SUSPENDED)
            .events(recorded("b", "2"))
            .attributes("{\"meta\":{\"b\":2}}")
            .build());
    assertJson(
        run("run-1").attributes(), "{\"tier\":\"platinum\",\"region\":\"eu\",\"meta\":{\"b\":2}}");
  }

  @Test
  void successiveDisjointAttributeMergesKeepBothKeys() {
    Started run = startAwaitingSignal("run-1");

    commitAtHead(
        "run-1",
        run.token(),
        step(RunState.SUSPENDED).events(recorded("a", "1")).attributes("{\"score\":3}").build());
    commitAtHead(
        "run-1",
        run.token(),
        step(RunState.SUSPENDED).events(recorded("b", "2")).attributes("{\"vip\":true}").build());
    commitAtHead("run-1", run.token(), step(RunState.SUSPENDED).events(recorded("c", "3")).build());

    assertJson(
        run("run-1").attributes(),
        "{\"tier\":\"gold\",\"region\":\"eu\",\"score\":3,\"vip\":true}");
  }

  @Test
  void consumedInboxItemsDisappearAndUnconsumedOnesStay() {
    Started run = startAwaitingSignal("run-1");
    long first = signal("run-1", APPROVAL, "\"first\"");
    signal("run-1", "address", "\"street\"");
    long second = signal("run-1", APPROVAL, "\"second\"");
    List<InboxItem> items = inbox("run-1");
    assertThat(items).hasSize(3);

    commitAtHead(
        "run-1",
        run.token(),
        step(RunState.SUSPENDED)
            .events(
                new Event.SignalReceived(2, first, json("\"first\"")),
                awaitSignal(APPROVAL, 1),
                new Event.SignalReceived(4, second, json("\"second\"")))
            .consume(items.get(0), items.get(2))
            .build());

    assertThat(inbox("run-1")).containsExactly(items.get(1));
  }

  /** A step that would write everything a step can write, built on a snapshot's inbox. */
  private StepOutcome busyStep(RunSnapshot before) {
    return step(RunState.SUSPENDED)
        .events(scheduled(CHARGE, 0), timerStarted(0, inJournalTime(Duration.ofMinutes(1))))
        .consume(before.inbox().toArray(InboxItem[]::new))
        .activity(activity(before.run().lastSeq() + 1, CHARGE, OPTIONS, "busy/1"))
        .timer(before.run().lastSeq() + 2, inJournalTime(Duration.ofMinutes(1)))
        .attributes("{\"tier\":\"fenced\"}")
        .build();
  }

  private void assertNothingWritten(RunSnapshot before) {
    assertUnchanged(before);
    assertThat(claimTasks(CHARGE)).isEmpty();
    assertThat(timersDueWithin(Duration.ofHours(1))).isEmpty();
  }
}
