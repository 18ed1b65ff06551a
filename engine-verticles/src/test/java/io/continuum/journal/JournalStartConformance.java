package io.continuum.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.continuum.Failure;
import io.continuum.RunConflict;
import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conformance: {@link Journal#start}, {@link Journal#run} and {@link Journal#history}. */
public abstract class JournalStartConformance extends JournalTestSupport {

  @Test
  void startJournalsRunStartedAtSeqOneFollowedByTheFirstStepsEvents() {
    Instant before = journalNow();
    StartResult result =
        await(
            journal.start(
                newRun("run-1"),
                step(RunState.SUSPENDED)
                    .events(recorded("uuid", "\"u-1\""), awaitSignal(APPROVAL, 0))
                    .build(),
                OWNER,
                TTL,
                null));
    Instant after = journalNow();

    assertThat(result.created()).isTrue();
    assertThat(result.existing()).isNull();
    assertThat(result.lastSeq()).isEqualTo(3);
    List<HistoryEvent> history = history("run-1");
    assertThat(history)
        .extracting(HistoryEvent::seq, HistoryEvent::event)
        .containsExactly(
            tuple(1, new Event.RunStarted("run-1", NAMESPACE, TYPE, INPUT, STARTED_AT)),
            tuple(2, recorded("uuid", "\"u-1\"")),
            tuple(3, awaitSignal(APPROVAL, 0)));
    assertThat(history).allSatisfy(e -> assertTakenBetween(e.recordedAt(), before, after));
  }

  @Test
  void startRecordsTheRunRowLeasedByTheStarter() {
    Instant before = journalNow();
    Started started = startAwaitingSignal("run-1");
    Instant after = journalNow();

    Lease lease = started.lease();
    assertThat(lease.runId()).isEqualTo("run-1");
    assertThat(lease.owner()).isEqualTo(OWNER);
    assertThat(lease.token()).isNotZero();
    assertTakenBetween(lease.expiresAt(), before.plus(TTL), after.plus(TTL));

    RunRecord run = run("run-1");
    assertThat(run.runId()).isEqualTo("run-1");
    assertThat(run.workflowType()).isEqualTo(TYPE);
    assertThat(run.namespace()).isEqualTo(NAMESPACE);
    assertThat(run.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(run.lastSeq()).isEqualTo(2);
    assertThat(run.inputHash()).isEqualTo(NewRun.hash(INPUT));
    assertJson(run.attributes(), ATTRIBUTES);
    assertThat(run.leaseOwner()).isEqualTo(OWNER);
    assertThat(run.leaseToken()).isEqualTo(lease.token());
    assertThat(run.leaseExpiresAt()).isEqualTo(lease.expiresAt());
    assertTakenBetween(run.createdAt(), before, after);
    assertTakenBetween(run.updatedAt(), before, after);
    assertThat(run.result()).isNull();
    assertThat(run.failure()).isNull();
    assertThat(run.drift()).isNull();
  }

  @Test
  void startingTheSameRunAgainReturnsTheExistingRunAndChangesNothing() {
    startAwaitingSignal("run-1");
    RunSnapshot before = snapshot("run-1");

    StartResult again =
        await(
            journal.start(
                newRun("run-1"),
                step(RunState.SUSPENDED)
                    .events(scheduled(CHARGE, 0))
                    .activity(activity(2, CHARGE, OPTIONS, "run-1/2"))
                    .build(),
                OTHER_OWNER,
                TTL,
                null));

    assertThat(again.created()).isFalse();
    assertThat(again.lease()).isNull();
    assertThat(again.lastSeq()).isEqualTo(2);
    assertThat(again.existing()).isEqualTo(before.run());
    assertUnchanged(before);
    assertThat(claimTasks(CHARGE)).isEmpty();
  }

  @Test
  void startingAnExistingIdWithAnotherInputIsARunConflictAndChangesNothing() {
    startAwaitingSignal("run-1");
    RunSnapshot before = snapshot("run-1");

    assertThatThrownBy(
            () ->
                await(
                    journal.start(
                        newRun("run-1", TYPE, json("\"order-43\"")),
                        awaitingApproval(),
                        OTHER_OWNER,
                        TTL,
                        null)))
        .isInstanceOfSatisfying(RunConflict.class, e -> assertThat(e.runId()).isEqualTo("run-1"));
    assertUnchanged(before);
  }

  @Test
  void startingAnExistingIdWithAnotherWorkflowTypeIsARunConflictAndChangesNothing() {
    startAwaitingSignal("run-1");
    RunSnapshot before = snapshot("run-1");

    assertThatThrownBy(
            () ->
                await(
                    journal.start(
                        newRun("run-1", "orders.refund", INPUT),
                        awaitingApproval(),
                        OTHER_OWNER,
                        TTL,
                        null)))
        .isInstanceOfSatisfying(RunConflict.class, e -> assertThat(e.runId()).isEqualTo("run-1"));
    assertUnchanged(before);
  }

  @Test
  void aFirstStepThatCompletesTheRunLeavesItCompletedWithItsResultAndNoLease() {
    StartResult result =
        await(journal.start(newRun("run-1"), completing("\"done\""), OWNER, TTL, null));

    assertThat(result.created()).isTrue();
    assertThat(result.lease()).isNull();
    assertThat(result.lastSeq()).isEqualTo(2);
    RunRecord run = run("run-1");
    assertThat(run.state()).isEqualTo(RunState.COMPLETED);
    assertThat(run.lastSeq()).isEqualTo(2);
    assertJson(run.result(), "\"done\"");
    assertThat(run.failure()).isNull();
    assertLeaseCleared(run);
    assertThat(history("run-1"))
        .extracting(HistoryEvent::seq, HistoryEvent::event)
        .containsExactly(
            tuple(1, new Event.RunStarted("run-1", NAMESPACE, TYPE, INPUT, STARTED_AT)),
            tuple(2, new Event.RunCompleted(json("\"done\""))));
  }

  @Test
  void aFirstStepThatFailsTheRunLeavesItFailedWithItsFailureAndNoLease() {
    Failure boom = Failure.of("com.acme.Boom", "boom");
    await(
        journal.start(
            newRun("run-1"),
            step(RunState.FAILED).events(new Event.RunFailed(boom)).build(),
            OWNER,
            TTL,
            null));

    RunRecord run = run("run-1");
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(run.failure()).isEqualTo(boom);
    assertThat(run.result()).isNull();
    assertLeaseCleared(run);
  }

  @Test
  void historyReturnsTheEventsAfterTheGivenSeq() {
    start(
        "run-1",
        step(RunState.SUSPENDED)
            .events(recorded("a", "\"1\""), recorded("b", "\"2\""), awaitSignal(APPROVAL, 0))
            .build());

    assertThat(await(journal.history("run-1", 0)))
        .extracting(HistoryEvent::seq)
        .containsExactly(1, 2, 3, 4);
    assertThat(await(journal.history("run-1", 2)))
        .extracting(HistoryEvent::seq, HistoryEvent::event)
        .containsExactly(tuple(3, recorded("b", "\"2\"")), tuple(4, awaitSignal(APPROVAL, 0)));
    assertThat(await(journal.history("run-1", 4))).isEmpty();
    assertThat(await(journal.history("run-1", 9))).isEmpty();
  }

  @Test
  void historyOfAnUnknownRunIsRunNotFound() {
    assertThatThrownBy(() -> await(journal.history("no-such-run", 0)))
        .isInstanceOfSatisfying(
            RunNotFound.class, e -> assertThat(e.runId()).isEqualTo("no-such-run"));
  }

  @Test
  void runOfAnUnknownIdIsRunNotFound() {
    startAwaitingSignal("run-1");

    assertThatThrownBy(() -> await(journal.run("no-such-run")))
        .isInstanceOfSatisfying(
            RunNotFound.class, e -> assertThat(e.runId()).isEqualTo("no-such-run"));
  }
}
