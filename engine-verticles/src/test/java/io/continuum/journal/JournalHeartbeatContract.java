package io.continuum.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.ActivityCancelled;
import io.continuum.ActivityOptions;
import io.continuum.ActivityTimeoutException;
import io.continuum.Failure;
import io.continuum.RetryPolicy;
import io.continuum.RunState;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats, cancel flags and external completion on a journal: every journal passes it (the
 * in-memory one and Postgres extend this class). Time moves only through {@link #advanceTime}.
 */
public abstract class JournalHeartbeatContract extends JournalTestSupport {

  private static final Duration HEARTBEAT = Duration.ofSeconds(10);
  private static final ActivityOptions BEATING =
      OPTIONS
          .withHeartbeatTimeout(HEARTBEAT)
          .withRetry(RetryPolicy.defaults().withInitialBackoff(Duration.ofSeconds(2)));
  private static final Payload RESULT = json("\"ch_1\"");

  private TaskHeartbeat beatNow(String detailsJson) {
    return new TaskHeartbeat(json(detailsJson), journalNow());
  }

  // ---- options round trip --------------------------------------------------------------------

  @Test
  void theHeartbeatTimeoutSurvivesTheTaskRow() {
    startWithActivity("run-1", BEATING, "run-1/2");

    ActivityTask task = claimOneTask(CHARGE);

    assertThat(task.options().heartbeatTimeout()).isEqualTo(HEARTBEAT);
    assertThat(task.options()).isEqualTo(BEATING);
    assertThat(task.heartbeatDetails()).isNull();
    assertThat(task.cancelRequested()).isFalse();
  }

  // ---- missed heartbeats ---------------------------------------------------------------------

  @Test
  void aMissedHeartbeatFailsTheAttemptAsATimeoutAndRetriesItAfterTheBackoff() {
    startWithActivity("run-1", BEATING, "run-1/2");
    ActivityTask first = claimOneTask(CHARGE);
    assertThat(await(journal.beatTask(first.taskId(), first.leaseToken(), TTL, beatNow("3"))))
        .isEqualTo(TaskBeat.HELD);

    advanceTime(Duration.ofSeconds(9));
    assertThat(await(journal.requeueExpiredTasks()).timedOut()).isEmpty();
    advanceTime(Duration.ofSeconds(2)); // 11 s after the last heartbeat, well within the lease

    SweepResult swept = await(journal.requeueExpiredTasks());

    assertThat(swept.timedOut()).containsExactly(first.taskId());
    assertThat(swept.requeued()).isEqualTo(1);
    assertThat(await(journal.beatTask(first.taskId(), first.leaseToken(), TTL, beatNow("4"))))
        .as("the timed-out attempt's late heartbeat")
        .isEqualTo(TaskBeat.LOST);
    List<TaskStatus> pending = await(journal.pendingTasks("run-1"));
    assertThat(pending)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.leased()).isFalse();
              assertThat(s.lastFailure().type()).isEqualTo(SweepResult.HEARTBEAT_TIMEOUT);
            });
    assertThat(claimTasks(CHARGE)).as("not before the backoff").isEmpty();
    advanceTime(Duration.ofSeconds(2));
    ActivityTask second = claimOneTask(CHARGE);
    assertThat(second.attempt()).isEqualTo(2);
    assertJson(second.heartbeatDetails(), "3");
  }

  @Test
  void aHeartbeatMovesTheDeadlineFromWhenItWasMadeNotWhenItWasWritten() {
    startWithActivity("run-1", BEATING, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    TaskHeartbeat made = beatNow("1");
    advanceTime(Duration.ofSeconds(8)); // a throttled write goes out late

    await(journal.beatTask(task.taskId(), task.leaseToken(), TTL, made));
    advanceTime(Duration.ofSeconds(3));

    assertThat(await(journal.requeueExpiredTasks()).timedOut()).containsExactly(task.taskId());
  }

  @Test
  void aLeaseBeatWithoutAnActivityHeartbeatDoesNotKeepAStuckAttemptAlive() {
    startWithActivity("run-1", BEATING, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    advanceTime(Duration.ofSeconds(6));
    assertThat(await(journal.beatTask(task.taskId(), task.leaseToken(), TTL, null)))
        .isEqualTo(TaskBeat.HELD);
    advanceTime(Duration.ofSeconds(5));

    assertThat(await(journal.requeueExpiredTasks()).timedOut()).containsExactly(task.taskId());
  }

  @Test
  void aMissedHeartbeatOnTheLastAttemptFailsTheTaskIntoTheRunsInbox() {
    startWithActivity("run-1", BEATING.withMaxAttempts(1), "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    advanceTime(Duration.ofSeconds(11));

    SweepResult swept = await(journal.requeueExpiredTasks());

    assertThat(swept.exhausted()).isEqualTo(1);
    assertThat(inbox("run-1"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.ActivityResult.class,
            r -> assertThat(r.failure().type()).isEqualTo(SweepResult.HEARTBEAT_TIMEOUT));
    assertThat(await(journal.beatTask(task.taskId(), task.leaseToken(), TTL, null)))
        .isEqualTo(TaskBeat.LOST);
  }

  @Test
  void aTaskWithoutAHeartbeatTimeoutNeverTimesOutForLackOfHeartbeats() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    for (int i = 0; i < 3; i++) {
      advanceTime(Duration.ofSeconds(20));
      assertThat(await(journal.beatTask(task.taskId(), task.leaseToken(), TTL, null)))
          .isEqualTo(TaskBeat.HELD);
    }
    assertThat(await(journal.requeueExpiredTasks())).isEqualTo(new SweepResult(0, 0));
  }

  // ---- cancel flags --------------------------------------------------------------------------

  @Test
  void aCancelRequestFlagsTheTasksTheRunHasAndNotTheOnesItCreatesLater() {
    Started run = startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask running = claimOneTask(CHARGE);

    assertThat(await(journal.cancel("run-1", "operator"))).isEqualTo(CancelResult.REQUESTED);

    assertThat(await(journal.beatTask(running.taskId(), running.leaseToken(), TTL, null)))
        .isEqualTo(TaskBeat.CANCEL_REQUESTED);
    // the owner runs cleanup after the request: a refund scheduled now must run normally
    commitAtHead(
        "run-1",
        run.token(),
        step(RunState.SUSPENDED)
            .events(scheduled("Refund", 0))
            .activity(activity(3, "Refund", OPTIONS, "run-1/3"))
            .build());
    assertThat(await(journal.cancel("run-1", "again"))).isEqualTo(CancelResult.REQUESTED);
    ActivityTask refund = claimOneTask("Refund");
    assertThat(refund.cancelRequested()).isFalse();
    assertThat(await(journal.beatTask(refund.taskId(), refund.leaseToken(), TTL, beatNow("1"))))
        .isEqualTo(TaskBeat.HELD);
  }

  @Test
  void aFlaggedTaskClaimedAgainSaysSoAndIsNeverRetriedBySweeps() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask first = claimOneTask(CHARGE);
    await(journal.cancel("run-1", "operator"));
    expireLeases(); // its worker died; the run's lease lapsed too

    SweepResult swept = await(journal.requeueExpiredTasks());

    assertThat(swept.requeued()).isZero();
    assertThat(swept.exhausted()).isEqualTo(1);
    assertThat(claimTasks(CHARGE)).isEmpty();
    assertThat(inbox("run-1"))
        .filteredOn(InboxItem.ActivityResult.class::isInstance)
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.ActivityResult.class,
            r -> assertThat(r.failure().type()).isEqualTo(ActivityCancelled.TYPE));
    assertThat(await(journal.beatTask(first.taskId(), first.leaseToken(), TTL, null)))
        .isEqualTo(TaskBeat.LOST);
  }

  @Test
  void aReadyTaskFlaggedByACancelIsClaimedWithTheFlag() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    await(journal.cancel("run-1", "operator"));

    assertThat(claimOneTask(CHARGE).cancelRequested()).isTrue();
  }

  @Test
  void aTaskOfARunCancelledOutrightIsLost() {
    Started run = startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    release(run.runId());

    assertThat(await(journal.cancel("run-1", "operator"))).isEqualTo(CancelResult.CANCELLED);

    assertThat(await(journal.beatTask(task.taskId(), task.leaseToken(), TTL, beatNow("1"))))
        .isEqualTo(TaskBeat.LOST);
  }

  // ---- external completion -------------------------------------------------------------------

  private ExternalCompletion success(ActivityTask t) {
    return new ExternalCompletion(t.taskId(), t.runId(), t.attempt(), t.leaseToken(), RESULT, null);
  }

  private ExternalCompletion failure(ActivityTask t, String type) {
    return new ExternalCompletion(
        t.taskId(), t.runId(), t.attempt(), t.leaseToken(), null, Failure.of(type, "declined"));
  }

  @Test
  void anExternalCompletionPutsTheResultInTheRunsInboxOnce() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    Instant deadline = await(journal.awaitExternalCompletion(task.taskId(), task.leaseToken()));
    assertThat(deadline).isAfter(journalNow().plus(Duration.ofMinutes(4)));

    await(journal.completeExternally(success(task)));

    assertThat(inbox("run-1"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.ActivityResult.class, r -> assertJson(r.result(), "\"ch_1\""));
    RunSnapshot before = snapshot("run-1");
    assertFenced(
        () -> await(journal.completeExternally(success(task))), FencedException.Reason.LEASE_LOST);
    assertUnchanged(before);
  }

  @Test
  void anExternalCompletionNamingAnotherRunAttemptOrTokenWritesNothing() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask t = claimOneTask(CHARGE);
    await(journal.awaitExternalCompletion(t.taskId(), t.leaseToken()));
    RunSnapshot before = snapshot("run-1");

    for (ExternalCompletion wrong :
        List.of(
            new ExternalCompletion(t.taskId(), "run-2", 1, t.leaseToken(), RESULT, null),
            new ExternalCompletion(t.taskId(), "run-1", 2, t.leaseToken(), RESULT, null),
            new ExternalCompletion(t.taskId(), "run-1", 1, t.leaseToken() + 7, RESULT, null),
            new ExternalCompletion(t.taskId() + 99, "run-1", 1, t.leaseToken(), RESULT, null))) {
      assertFenced(
          () -> await(journal.completeExternally(wrong)), FencedException.Reason.LEASE_LOST);
    }
    assertUnchanged(before);
    await(journal.completeExternally(success(t)));
  }

  @Test
  void aPendingAttemptTimesOutAtItsStartToCloseDeadlineAndItsTokenDies() {
    var options = OPTIONS.withStartToCloseTimeout(Duration.ofMinutes(1));
    startWithActivity("run-1", options, "run-1/2");
    ActivityTask first = claimOneTask(CHARGE);
    await(journal.awaitExternalCompletion(first.taskId(), first.leaseToken()));
    advanceTime(Duration.ofSeconds(59));
    assertThat(await(journal.requeueExpiredTasks()).timedOut()).isEmpty();
    advanceTime(Duration.ofSeconds(2));

    SweepResult swept = await(journal.requeueExpiredTasks());

    assertThat(swept.timedOut()).containsExactly(first.taskId());
    assertThat(await(journal.pendingTasks("run-1")))
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.lastFailure().type())
                    .isEqualTo(ActivityTimeoutException.class.getName()));
    RunSnapshot before = snapshot("run-1");
    assertFenced(
        () -> await(journal.completeExternally(success(first))), FencedException.Reason.LEASE_LOST);
    assertUnchanged(before);
  }

  @Test
  void aPendingAttemptPastItsDeadlineIsRefusedEvenBeforeASweep() {
    var options = OPTIONS.withStartToCloseTimeout(Duration.ofMinutes(1));
    startWithActivity("run-1", options, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    await(journal.awaitExternalCompletion(task.taskId(), task.leaseToken()));
    advanceTime(Duration.ofSeconds(61));

    assertFenced(
        () -> await(journal.completeExternally(success(task))), FencedException.Reason.LEASE_LOST);
    assertThat(inbox("run-1")).isEmpty();
  }

  @Test
  void anExternalCompletionAfterTheCancelRequestWritesNothing() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    await(journal.awaitExternalCompletion(task.taskId(), task.leaseToken()));
    await(journal.cancel("run-1", "operator"));
    RunSnapshot before = snapshot("run-1");

    assertFenced(
        () -> await(journal.completeExternally(success(task))), FencedException.Reason.LEASE_LOST);

    assertUnchanged(before);
  }

  @Test
  void anExternalFailureIsRetriedPerThePolicyThenFailsTheTask() {
    var options =
        OPTIONS.withRetry(
            RetryPolicy.defaults().withMaxAttempts(2).withInitialBackoff(Duration.ofSeconds(5)));
    startWithActivity("run-1", options, "run-1/2");
    ActivityTask first = claimOneTask(CHARGE);
    await(journal.awaitExternalCompletion(first.taskId(), first.leaseToken()));

    await(journal.completeExternally(failure(first, "declined")));

    assertThat(inbox("run-1")).isEmpty();
    assertThat(claimTasks(CHARGE)).isEmpty();
    advanceTime(Duration.ofSeconds(5));
    ActivityTask second = claimOneTask(CHARGE);
    assertThat(second.attempt()).isEqualTo(2);
    assertFenced(
        () -> await(journal.completeExternally(success(first))), FencedException.Reason.LEASE_LOST);

    await(journal.completeExternally(failure(second, "declined")));

    assertThat(inbox("run-1"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.ActivityResult.class,
            r -> {
              assertThat(r.failure().type()).isEqualTo("declined");
              assertThat(r.attempts()).isEqualTo(2);
            });
  }

  @Test
  void awaitingExternalCompletionUnderALostTokenIsFenced() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);

    assertThatThrownBy(
            () -> await(journal.awaitExternalCompletion(task.taskId(), task.leaseToken() + 5)))
        .isInstanceOf(FencedException.class);
  }
}
