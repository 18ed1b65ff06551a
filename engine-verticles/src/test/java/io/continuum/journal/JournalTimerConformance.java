package io.continuum.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.continuum.RunState;
import io.continuum.core.event.InboxItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conformance: durable timers, from a step's requests to firings in the run's inbox. */
public abstract class JournalTimerConformance extends JournalTaskConformance {

  @Test
  void aStepsTimerRequestBecomesAPendingTimer() {
    Instant fireAt = startWithTimer("run-1", Duration.ofMinutes(1));

    assertThat(await(journal.timersDue(fireAt, 10)))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.runId()).isEqualTo("run-1");
              assertThat(t.commandSeq()).isEqualTo(2);
              assertThat(t.fireAt()).isEqualTo(fireAt);
            });
    assertThat(await(journal.timersDue(fireAt.minusMillis(1), 10))).isEmpty();
  }

  @Test
  void timersDueAreOrderedByDueTimeAndLimited() {
    Instant in3 = inJournalTime(Duration.ofMinutes(3));
    Instant in1 = inJournalTime(Duration.ofMinutes(1));
    Instant in2 = inJournalTime(Duration.ofMinutes(2));
    start(
        "run-1",
        step(RunState.SUSPENDED)
            .events(timerStarted(0, in3), timerStarted(1, in1), timerStarted(2, in2))
            .timer(2, in3)
            .timer(3, in1)
            .timer(4, in2)
            .build());
    Instant in90s = startWithTimer("run-2", Duration.ofSeconds(90));
    Instant horizon = inJournalTime(Duration.ofHours(1));

    assertThat(await(journal.timersDue(horizon, 10)))
        .extracting(TimerEntry::runId, TimerEntry::commandSeq)
        .containsExactly(
            tuple("run-1", 3), tuple("run-2", 2), tuple("run-1", 4), tuple("run-1", 2));
    assertThat(await(journal.timersDue(horizon, 2)))
        .extracting(TimerEntry::runId, TimerEntry::commandSeq)
        .containsExactly(tuple("run-1", 3), tuple("run-2", 2));
    assertThat(await(journal.timersDue(in2, 10)))
        .extracting(TimerEntry::fireAt)
        .containsExactly(in1, in90s, in2);
  }

  @Test
  void aTimerNeverFiresBeforeItsTime() {
    Instant fireAt = startWithTimer("run-1", Duration.ofMinutes(1));
    TimerEntry timer = await(journal.timersDue(fireAt, 10)).get(0);
    advanceTime(Duration.ofSeconds(59));

    assertThat(await(journal.fireTimer(timer.timerId()))).isFalse();

    assertThat(inbox("run-1")).isEmpty();
    assertThat(await(journal.timersDue(fireAt, 10))).containsExactly(timer);
  }

  @Test
  void aDueTimerFiresOnceIntoTheRunsInbox() {
    Instant fireAt = startWithTimer("run-1", Duration.ofMinutes(1));
    TimerEntry timer = await(journal.timersDue(fireAt, 10)).get(0);
    advanceTime(Duration.ofMinutes(1));

    assertThat(await(journal.fireTimer(timer.timerId()))).isTrue();
    assertThat(await(journal.fireTimer(timer.timerId()))).isFalse();

    assertThat(inbox("run-1"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.TimerFired.class, f -> assertThat(f.commandSeq()).isEqualTo(2));
    assertThat(timersDueWithin(Duration.ofHours(1))).isEmpty();
  }

  @Test
  void aFiredTimerMakesARunWhoseLeaseLapsedClaimable() {
    Instant fireAt = startWithTimer("run-1", Duration.ofMinutes(1));
    TimerEntry timer = await(journal.timersDue(fireAt, 10)).get(0);
    advanceTime(Duration.ofMinutes(1));
    assertThat(claimRunnable(OTHER_OWNER)).isEmpty();

    await(journal.fireTimer(timer.timerId()));

    assertThat(claimRunnable(OTHER_OWNER)).extracting(Lease::runId).containsExactly("run-1");
  }

  @Test
  void theTimersOfACompletedRunAreGone() {
    Instant fireAt = startWithTimer("run-1", Duration.ofMinutes(1));
    TimerEntry timer = await(journal.timersDue(fireAt, 10)).get(0);

    commitAtHead("run-1", run("run-1").leaseToken(), completing("\"done\""));

    assertThat(timersDueWithin(Duration.ofHours(1))).isEmpty();
    advanceTime(Duration.ofMinutes(1));
    assertThat(await(journal.fireTimer(timer.timerId()))).isFalse();
    assertThat(inbox("run-1")).isEmpty();
  }

  @Test
  void theTimersOfACancelledRunAreGone() {
    Instant fireAt = startWithTimer("run-1", Duration.ofMinutes(1));
    TimerEntry timer = await(journal.timersDue(fireAt, 10)).get(0);
    release("run-1");

    await(journal.cancel("run-1", "operator"));

    assertThat(timersDueWithin(Duration.ofHours(1))).isEmpty();
    advanceTime(Duration.ofMinutes(1));
    assertThat(await(journal.fireTimer(timer.timerId()))).isFalse();
    assertThat(inbox("run-1")).isEmpty();
  }

  @Test
  void firingAnUnknownTimerReturnsFalse() {
    startWithTimer("run-1", Duration.ofMinutes(1));
    advanceTime(Duration.ofMinutes(1));
    long unknown = await(journal.timersDue(journalNow(), 10)).get(0).timerId() + 1000;

    assertThat(await(journal.fireTimer(unknown))).isFalse();
    assertThat(inbox("run-1")).isEmpty();
  }

  @Test
  void timersDuePagesOnAfterTheLastEntryOfAPage() {
    Instant in1 = inJournalTime(Duration.ofMinutes(1));
    Instant in2 = inJournalTime(Duration.ofMinutes(2));
    start(
        "run-1",
        step(RunState.SUSPENDED)
            .events(timerStarted(0, in1), timerStarted(1, in1), timerStarted(2, in2))
            .timer(2, in1)
            .timer(3, in1)
            .timer(4, in2)
            .build());
    Instant horizon = inJournalTime(Duration.ofHours(1));
    List<TimerEntry> all = await(journal.timersDue(horizon, null, 10));
    assertThat(all).hasSize(3);

    List<TimerEntry> first = await(journal.timersDue(horizon, null, 2));
    List<TimerEntry> second = await(journal.timersDue(horizon, first.get(1), 2));
    assertThat(first).containsExactlyElementsOf(all.subList(0, 2));
    assertThat(second).containsExactly(all.get(2));
    assertThat(await(journal.timersDue(horizon, all.get(2), 2))).isEmpty();
    assertThat(await(journal.timersDue(in1, first.get(0), 10))).containsExactly(all.get(1));
  }

  @Test
  void aBatchFiresItsDueTimersOnceAndNoneEarly() {
    Instant in1 = startWithTimer("run-1", Duration.ofMinutes(1));
    Instant in2 = startWithTimer("run-2", Duration.ofMinutes(2));
    long t1 = await(journal.timersDue(in1, 10)).get(0).timerId();
    long t2 = await(journal.timersDue(in2, 10)).get(1).timerId();
    assertThat(await(journal.fireTimers(List.of(t1, t2)))).as("none due yet").isEmpty();
    advanceTime(Duration.ofMinutes(1));

    assertThat(await(journal.fireTimers(List.of(t2, t1)))).containsExactly(t1);
    assertThat(await(journal.fireTimers(List.of(t1, t2)))).as("once").isEmpty();

    assertThat(inbox("run-1"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.TimerFired.class, f -> assertThat(f.commandSeq()).isEqualTo(2));
    assertThat(inbox("run-2")).isEmpty();
    advanceTime(Duration.ofMinutes(1));
    assertThat(await(journal.fireTimers(List.of(t1, t2)))).containsExactly(t2);
    assertThat(inbox("run-2")).hasSize(1);
    assertThat(inbox("run-1")).hasSize(1);
    assertThat(timersDueWithin(Duration.ofHours(1))).isEmpty();
    assertThat(await(journal.fireTimers(List.of()))).isEmpty();
  }

  @Test
  void aBatchFiresSeveralTimersOfOneRunAndWakesIt() {
    Instant in1 = inJournalTime(Duration.ofMinutes(1));
    start(
        "run-1",
        step(RunState.SUSPENDED)
            .events(timerStarted(0, in1), timerStarted(1, in1))
            .timer(2, in1)
            .timer(3, in1)
            .build());
    List<Long> ids = await(journal.timersDue(in1, 10)).stream().map(TimerEntry::timerId).toList();
    release("run-1");
    advanceTime(Duration.ofMinutes(1));
    assertThat(claimRunnable(OTHER_OWNER)).isEmpty();

    assertThat(await(journal.fireTimers(ids))).containsExactlyElementsOf(ids);

    assertThat(inbox("run-1"))
        .extracting(i -> ((InboxItem.TimerFired) i).commandSeq())
        .containsExactlyInAnyOrder(2, 3);
    assertThat(claimRunnable(OTHER_OWNER)).extracting(Lease::runId).containsExactly("run-1");
  }

  @Test
  void aBatchSkipsTimersOfEndedRunsAndUnknownIdsAndFiresTheRest() {
    startWithTimer("run-1", Duration.ofMinutes(1));
    startWithTimer("run-2", Duration.ofMinutes(1));
    startWithTimer("run-3", Duration.ofMinutes(1));
    List<TimerEntry> timers = timersDueWithin(Duration.ofHours(1));
    assertThat(timers).extracting(TimerEntry::runId).containsExactly("run-1", "run-2", "run-3");
    commitAtHead("run-1", run("run-1").leaseToken(), completing("\"done\""));
    release("run-2");
    await(journal.cancel("run-2", "operator"));
    advanceTime(Duration.ofMinutes(1));
    long unknown = timers.get(2).timerId() + 1000;

    assertThat(
            await(
                journal.fireTimers(
                    List.of(
                        timers.get(0).timerId(),
                        timers.get(1).timerId(),
                        timers.get(2).timerId(),
                        unknown))))
        .containsExactly(timers.get(2).timerId());

    assertThat(inbox("run-1")).isEmpty();
    assertThat(inbox("run-2")).isEmpty();
    assertThat(inbox("run-3")).hasSize(1);
    assertThat(run("run-1").state()).isEqualTo(RunState.COMPLETED);
    assertThat(run("run-2").state()).isEqualTo(RunState.CANCELLED);
  }
}
