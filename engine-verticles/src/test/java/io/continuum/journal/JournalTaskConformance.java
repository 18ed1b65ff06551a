package io.continuum.journal;

import static io.continuum.journal.FencedException.Reason.LEASE_LOST;
import static io.continuum.journal.FencedException.Reason.RUN_TERMINAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.ActivityOptions;
import io.continuum.Failure;
import io.continuum.RunState;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conformance: activity tasks, from a step's requests to outcomes in the run's inbox. */
public abstract class JournalTaskConformance extends JournalLeaseConformance {

  private static final Payload RESULT = json("\"ch_1\"");

  @Test
  void aStepsActivityRequestBecomesAClaimableTask() {
    startWithActivity("run-1", OPTIONS, "run-1/2");

    Instant before = journalNow();
    ActivityTask task = claimOneTask(CHARGE);
    Instant after = journalNow();

    assertThat(task.runId()).isEqualTo("run-1");
    assertThat(task.commandSeq()).isEqualTo(2);
    assertThat(task.activityType()).isEqualTo(CHARGE);
    assertThat(task.input()).isEqualTo(CHARGE_INPUT);
    assertThat(task.options()).isEqualTo(OPTIONS);
    assertThat(task.attempt()).isEqualTo(1);
    assertThat(task.idempotencyKey()).isEqualTo("run-1/2");
    assertThat(task.leaseToken()).isNotZero();
    assertTakenBetween(task.leaseExpiresAt(), before.plus(TTL), after.plus(TTL));
    assertThat(task.reusedResult()).isNull();
  }

  @Test
  void claimTasksClaimsOnlyTheGivenActivityTypes() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    start(
        "run-2",
        step(RunState.SUSPENDED)
            .events(scheduled("Ship", 0))
            .activity(activity(2, "Ship", OPTIONS, "run-2/2"))
            .build());

    assertThat(claimTasks("Refund")).isEmpty();
    assertThat(claimTasks(CHARGE)).extracting(ActivityTask::runId).containsExactly("run-1");
    assertThat(claimTasks(CHARGE, "Ship")).extracting(ActivityTask::runId).containsExactly("run-2");
  }

  @Test
  void claimTasksClaimsAtMostTheLimit() {
    start(
        "run-1",
        step(RunState.SUSPENDED)
            .events(scheduled(CHARGE, 0), scheduled(CHARGE, 1), scheduled(CHARGE, 2))
            .activity(activity(2, CHARGE, OPTIONS, "run-1/2"))
            .activity(activity(3, CHARGE, OPTIONS, "run-1/3"))
            .activity(activity(4, CHARGE, OPTIONS, "run-1/4"))
            .build());

    List<ActivityTask> first = await(journal.claimTasks(OWNER, List.of(CHARGE), 2, TTL));
    List<ActivityTask> second = await(journal.claimTasks(OWNER, List.of(CHARGE), 2, TTL));

    assertThat(first).hasSize(2);
    assertThat(second).hasSize(1);
    List<Integer> seqs = new ArrayList<>();
    first.forEach(t -> seqs.add(t.commandSeq()));
    second.forEach(t -> seqs.add(t.commandSeq()));
    assertThat(seqs).containsExactlyInAnyOrder(2, 3, 4);
  }

  /**
   * Issue 12, defect 2: concurrent claims, while sweeps put expired tasks back, never return more
   * tasks than their limit and never lease one task to two claims at once.
   */
  @Test
  void concurrentClaimsNeverReturnMoreThanTheirLimitNorOneTaskTwice() {
    var step = step(RunState.SUSPENDED);
    for (int i = 0; i < 24; i++) {
      step.events(scheduled(CHARGE, i)).activity(activity(i + 2, CHARGE, OPTIONS, "run-1/" + i));
    }
    start("run-1", step.build());
    java.util.Set<Long> leased = new java.util.HashSet<>();
    for (int round = 0; round < 6; round++) {
      List<io.vertx.core.Future<List<ActivityTask>>> claims = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        claims.add(journal.claimTasks(OWNER + c, List.of(CHARGE), 3, Duration.ofSeconds(1)));
      }
      claims.add(journal.requeueExpiredTasks().map(r -> List.of()));
      List<Long> thisRound = new ArrayList<>();
      for (var claim : claims) {
        List<ActivityTask> tasks = await(claim);
        assertThat(tasks.size()).isLessThanOrEqualTo(3);
        tasks.forEach(t -> thisRound.add(t.taskId()));
      }
      assertThat(thisRound).doesNotHaveDuplicates();
      leased.addAll(thisRound);
      advanceTime(Duration.ofSeconds(2)); // every lease lapses: the next round's sweep requeues
    }
    assertThat(leased).hasSize(24);
  }

  @Test
  void aLeasedTaskIsNotClaimedAgain() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    claimOneTask(CHARGE);

    assertThat(claimTasks(CHARGE)).isEmpty();
    assertThat(await(journal.claimTasks(OTHER_OWNER, List.of(CHARGE), 10, TTL))).isEmpty();
  }

  @Test
  void heartbeatExtendsTheTaskLease() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    advanceTime(Duration.ofSeconds(20));

    assertThat(await(journal.heartbeatTask(task.taskId(), task.leaseToken(), TTL))).isTrue();

    advanceTime(Duration.ofSeconds(20));
    assertThat(await(journal.requeueExpiredTasks())).isEqualTo(new SweepResult(0, 0));
    assertThat(claimTasks(CHARGE)).isEmpty();
    advanceTime(Duration.ofSeconds(20));
    assertThat(await(journal.requeueExpiredTasks())).isEqualTo(new SweepResult(1, 0));
    assertThat(claimOneTask(CHARGE).attempt()).isEqualTo(2);
  }

  @Test
  void heartbeatUnderAWrongTokenReturnsFalseAndExtendsNothing() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    advanceTime(Duration.ofSeconds(20));

    assertThat(await(journal.heartbeatTask(task.taskId(), task.leaseToken() + 1000, TTL)))
        .isFalse();

    advanceTime(Duration.ofSeconds(11));
    assertThat(await(journal.requeueExpiredTasks())).isEqualTo(new SweepResult(1, 0));
  }

  @Test
  void completingATaskPutsItsResultInTheRunsInbox() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);

    await(journal.completeTask(task.taskId(), task.leaseToken(), TaskOutcome.success(RESULT, 1)));

    assertThat(inbox("run-1"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.ActivityResult.class,
            r -> {
              assertThat(r.commandSeq()).isEqualTo(2);
              assertThat(r.result()).isEqualTo(RESULT);
              assertThat(r.failure()).isNull();
              assertThat(r.attempts()).isEqualTo(1);
            });
    assertThat(claimTasks(CHARGE)).isEmpty();
  }

  @Test
  void completingATaskWithAFailurePutsTheFailureInTheRunsInbox() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    Failure declined = Failure.of("com.acme.CardDeclined", "declined");

    await(journal.completeTask(task.taskId(), task.leaseToken(), TaskOutcome.failed(declined, 3)));

    assertThat(inbox("run-1"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.ActivityResult.class,
            r -> {
              assertThat(r.commandSeq()).isEqualTo(2);
              assertThat(r.result()).isNull();
              assertThat(r.failure()).isEqualTo(declined);
              assertThat(r.attempts()).isEqualTo(3);
            });
  }

  @Test
  void completingUnderAStaleTokenIsFencedLeaseLostAndDeliversNothing() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask first = claimOneTask(CHARGE);
    expireLeases();
    await(journal.requeueExpiredTasks());
    ActivityTask second = claimOneTask(CHARGE);

    assertThat(second.leaseToken()).isNotEqualTo(first.leaseToken());
    assertFenced(
        () ->
            await(
                journal.completeTask(
                    first.taskId(), first.leaseToken(), TaskOutcome.success(RESULT, 1))),
        LEASE_LOST);
    assertThat(inbox("run-1")).isEmpty();
    await(
        journal.completeTask(second.taskId(), second.leaseToken(), TaskOutcome.success(RESULT, 2)));
    assertThat(inbox("run-1")).hasSize(1);
  }

  @Test
  void completingATaskTwiceIsFencedLeaseLost() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    await(journal.completeTask(task.taskId(), task.leaseToken(), TaskOutcome.success(RESULT, 1)));
    List<InboxItem> before = inbox("run-1");

    assertFenced(
        () ->
            await(
                journal.completeTask(
                    task.taskId(), task.leaseToken(), TaskOutcome.success(json("2"), 1))),
        LEASE_LOST);
    assertThat(inbox("run-1")).isEqualTo(before);
  }

  @Test
  void retryTaskMakesTheTaskDueAfterTheBackoff() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    Duration backoff = Duration.ofSeconds(5);

    Instant before = journalNow();
    Instant due =
        await(
            journal.retryTask(
                task.taskId(), task.leaseToken(), Failure.of("java.io.IOException", "x"), backoff));
    Instant after = journalNow();

    assertTakenBetween(due, before.plus(backoff), after.plus(backoff));
    assertThat(claimTasks(CHARGE)).isEmpty();
    assertThat(inbox("run-1")).isEmpty();
    advanceTime(backoff);
    ActivityTask retried = claimOneTask(CHARGE);
    assertThat(retried.taskId()).isEqualTo(task.taskId());
    assertThat(retried.attempt()).isEqualTo(2);
    assertThat(retried.idempotencyKey()).isEqualTo("run-1/2");
    assertThat(retried.leaseToken()).isNotEqualTo(task.leaseToken());
    assertThat(await(journal.heartbeatTask(task.taskId(), task.leaseToken(), TTL))).isFalse();
  }

  @Test
  void retryUnderAStaleTokenIsFencedLeaseLost() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);

    assertFenced(
        () ->
            await(
                journal.retryTask(
                    task.taskId(),
                    task.leaseToken() + 1000,
                    Failure.of("java.io.IOException", "x"),
                    Duration.ofSeconds(5))),
        LEASE_LOST);
    assertThat(claimTasks(CHARGE)).isEmpty();
  }

  @Test
  void requeueExpiredTasksPutsAnExpiredTaskBackWithItsAttemptConsumed() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    claimOneTask(CHARGE);

    assertThat(await(journal.requeueExpiredTasks())).isEqualTo(new SweepResult(0, 0));
    expireLeases();
    assertThat(await(journal.requeueExpiredTasks())).isEqualTo(new SweepResult(1, 0));

    ActivityTask again = claimOneTask(CHARGE);
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.idempotencyKey()).isEqualTo("run-1/2");
    assertThat(inbox("run-1")).isEmpty();
  }

  @Test
  void requeueExpiredTasksFailsATaskWithNoAttemptLeft() {
    startWithActivity("run-1", ActivityOptions.defaults().withMaxAttempts(2), "run-1/2");
    claimOneTask(CHARGE);
    expireLeases();
    assertThat(await(journal.requeueExpiredTasks())).isEqualTo(new SweepResult(1, 0));
    assertThat(claimOneTask(CHARGE).attempt()).isEqualTo(2);
    expireLeases();

    assertThat(await(journal.requeueExpiredTasks())).isEqualTo(new SweepResult(0, 1));

    assertThat(inbox("run-1"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.ActivityResult.class,
            r -> {
              assertThat(r.commandSeq()).isEqualTo(2);
              assertThat(r.result()).isNull();
              assertThat(r.failure().type()).isEqualTo(SweepResult.ATTEMPTS_EXHAUSTED);
              assertThat(r.attempts()).isEqualTo(2);
            });
    assertThat(claimTasks(CHARGE)).isEmpty();
    expireLeases();
    assertThat(await(journal.requeueExpiredTasks())).isEqualTo(new SweepResult(0, 0));
    assertThat(claimTasks(CHARGE)).isEmpty();
  }

  @Test
  void theTasksOfAnEndedRunAreGone() {
    Started run =
        start(
            "run-1",
            step(RunState.SUSPENDED)
                .events(scheduled(CHARGE, 0), scheduled("Ship", 0))
                .activity(activity(2, CHARGE, OPTIONS, "run-1/2"))
                .activity(activity(3, "Ship", OPTIONS, "run-1/3"))
                .build());
    ActivityTask claimed = claimOneTask(CHARGE);

    completeRun(run);

    assertThat(claimTasks(CHARGE, "Ship")).isEmpty();
    assertThat(await(journal.heartbeatTask(claimed.taskId(), claimed.leaseToken(), TTL))).isFalse();
    assertThatThrownBy(
            () ->
                await(
                    journal.completeTask(
                        claimed.taskId(), claimed.leaseToken(), TaskOutcome.success(RESULT, 1))))
        .isInstanceOfSatisfying(
            FencedException.class, f -> assertThat(f.reason()).isIn(LEASE_LOST, RUN_TERMINAL));
    expireLeases();
    assertThat(await(journal.requeueExpiredTasks())).isEqualTo(new SweepResult(0, 0));
    assertThat(claimTasks(CHARGE, "Ship")).isEmpty();
    assertThat(inbox("run-1")).isEmpty();
  }

  @Test
  void aCommittedResultIsReusedByALaterTaskWithTheSameTypeAndIdempotencyKey() {
    startWithActivity("order-1", keyed("order-42/charge"), "order-42/charge");
    ActivityTask first = claimOneTask(CHARGE);
    await(journal.completeTask(first.taskId(), first.leaseToken(), TaskOutcome.success(RESULT, 1)));

    startWithActivity("order-2", keyed("order-42/charge"), "order-42/charge");
    startWithActivity("order-3", keyed("order-43/charge"), "order-43/charge");
    start(
        "order-4",
        step(RunState.SUSPENDED)
            .events(scheduled("Refund", 0))
            .activity(activity(2, "Refund", keyed("order-42/charge"), "order-42/charge"))
            .build());

    List<ActivityTask> later = claimTasks(CHARGE, "Refund");
    assertThat(later).hasSize(3);
    for (ActivityTask task : later) {
      if (task.runId().equals("order-2")) {
        assertThat(task.reusedResult()).isEqualTo(RESULT);
      } else {
        assertThat(task.reusedResult()).as(task.runId()).isNull();
      }
    }
  }

  @Test
  void aFailedOutcomeIsNotReused() {
    startWithActivity("order-1", keyed("order-42/charge"), "order-42/charge");
    ActivityTask first = claimOneTask(CHARGE);
    await(
        journal.completeTask(
            first.taskId(),
            first.leaseToken(),
            TaskOutcome.failed(Failure.of("com.acme.CardDeclined", "declined"), 3)));

    startWithActivity("order-2", keyed("order-42/charge"), "order-42/charge");

    assertThat(claimOneTask(CHARGE).reusedResult()).isNull();
  }
}
