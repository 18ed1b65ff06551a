package io.continuum.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Conformance: execution deadlines and delayed starts (issue 17, item 8). A deadline is fixed in
 * journal time when the chain's first run is created and fired by a timer of seq {@link
 * InboxItem.TimerFired#EXECUTION_DEADLINE} that every successor gets again for the same instant; a
 * delayed run is created pending, unleased and stepless, and no claim takes it before its start,
 * whatever reaches its inbox.
 */
public abstract class JournalDeadlineConformance extends JournalChildConformance {

  private static NewRun timed(String runId, Duration delay, Duration timeout, String signal) {
    NewRun plain = newRun(runId);
    return new NewRun(
        plain.runId(),
        plain.workflowType(),
        plain.namespace(),
        plain.input(),
        plain.inputHash(),
        plain.attributes(),
        plain.startedAt(),
        null,
        signal == null ? null : new NewRun.Signal(APPROVAL, json(signal)),
        delay,
        timeout);
  }

  private void fireDue() {
    for (TimerEntry t : await(journal.timersDue(journal.clock().instant(), 100))) {
      await(journal.fireTimer(t.timerId()));
    }
  }

  @Test
  void aDelayedRunWaitsUnleasedForItsStartWhateverReachesItsInbox() {
    StartResult started =
        await(
            journal.start(
                timed("run-1", Duration.ofHours(1), null, "\"first\""), null, OWNER, TTL, null));
    assertThat(started.created()).isTrue();
    assertThat(started.lease()).isNull();
    assertThat(started.lastSeq()).isEqualTo(1);

    RunRecord row = run("run-1");
    assertThat(row.state()).isEqualTo(RunState.PENDING);
    assertThat(row.leaseOwner()).isNull();
    assertThat(row.startAt()).isEqualTo(row.createdAt().plus(Duration.ofHours(1)));
    assertThat(row.executionDeadline()).isNull();
    assertThat(history("run-1")).singleElement();

    signal("run-1", APPROVAL, "\"second\"");
    assertThat(claimRunnable(OWNER)).isEmpty();
    advanceTime(Duration.ofMinutes(59));
    fireDue();
    assertThat(claimRunnable(OWNER)).isEmpty();

    advanceTime(Duration.ofMinutes(1));
    fireDue();
    assertThat(claimRunnable(OWNER)).extracting(Lease::runId).containsExactly("run-1");
    assertThat(inbox("run-1"))
        .anyMatch(
            i ->
                i instanceof InboxItem.TimerFired t && t.commandSeq() == InboxItem.TimerFired.START)
        .filteredOn(InboxItem.Signal.class::isInstance)
        .extracting(i -> ((InboxItem.Signal) i).payload().jsonText())
        .containsExactly("\"first\"", "\"second\"");
  }

  @Test
  void aDelayedStartOfAnExistingIdCreatesNothing() {
    await(journal.start(timed("run-1", Duration.ofHours(1), null, null), null, OWNER, TTL, null));
    StartResult again =
        await(
            journal.start(timed("run-1", Duration.ofHours(2), null, null), null, OWNER, TTL, null));
    assertThat(again.created()).isFalse();
    assertThat(timersDueWithin(Duration.ofHours(3))).hasSize(1);
  }

  @Test
  void aDeadlineCountsFromTheStartAndArmsATimer() {
    await(
        journal.start(
            timed("run-1", Duration.ofHours(1), Duration.ofMinutes(30), null),
            null,
            OWNER,
            TTL,
            null));
    await(
        journal.start(
            timed("run-2", null, Duration.ofMinutes(10), null),
            awaitingApproval(),
            OWNER,
            TTL,
            null));
    RunRecord later = run("run-1");
    assertThat(later.executionDeadline()).isEqualTo(later.startAt().plus(Duration.ofMinutes(30)));
    RunRecord now = run("run-2");
    assertThat(now.startAt()).isNull();
    assertThat(now.executionDeadline()).isEqualTo(now.createdAt().plus(Duration.ofMinutes(10)));
    assertThat(timersDueWithin(Duration.ofHours(2)))
        .filteredOn(t -> t.commandSeq() == InboxItem.TimerFired.EXECUTION_DEADLINE)
        .extracting(TimerEntry::runId, TimerEntry::fireAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("run-2", now.executionDeadline()),
            org.assertj.core.groups.Tuple.tuple("run-1", later.executionDeadline()));

    advanceTime(Duration.ofMinutes(10));
    fireDue();
    assertThat(inbox("run-2"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.TimerFired.class,
            t -> assertThat(t.commandSeq()).isEqualTo(InboxItem.TimerFired.EXECUTION_DEADLINE));
  }

  @Test
  void aFirstStepThatEndsTheRunLeavesNoDeadlineTimer() {
    await(
        journal.start(
            timed("run-1", null, Duration.ofMinutes(10), null),
            completing("\"done\""),
            OWNER,
            TTL,
            null));
    assertThat(run("run-1").state()).isEqualTo(RunState.COMPLETED);
    assertThat(timersDueWithin(Duration.ofHours(1))).isEmpty();
  }

  @Test
  void aSuccessorKeepsTheChainsDeadlineWithATimerOfItsOwn() {
    StartResult first =
        await(
            journal.start(
                timed("run-1", null, Duration.ofMinutes(30), null),
                awaitingApproval(),
                OWNER,
                TTL,
                null));
    Instant deadline = run("run-1").executionDeadline();
    advanceTime(Duration.ofMinutes(20));
    await(
        journal.commit(
            new StepCommit(
                "run-1",
                first.lease().token(),
                2,
                step(RunState.CONTINUED)
                    .events(new Event.RunContinued("run-1:cont-1", Payload.ofJson("2")))
                    .build(),
                null,
                null)));

    RunRecord next = run("run-1:cont-1");
    assertThat(next.executionDeadline()).isEqualTo(deadline);
    assertThat(timersDueWithin(Duration.ofHours(1)))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.runId()).isEqualTo("run-1:cont-1");
              assertThat(t.commandSeq()).isEqualTo(InboxItem.TimerFired.EXECUTION_DEADLINE);
              assertThat(t.fireAt()).isEqualTo(deadline);
            });
  }
}
