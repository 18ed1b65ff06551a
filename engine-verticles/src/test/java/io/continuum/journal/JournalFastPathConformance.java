package io.continuum.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import io.continuum.core.replay.StepOutcome;
import io.continuum.journal.FencedException.Reason;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Conformance: the local fast path. Tasks created already leased to the scheduling node, results
 * handed straight to the run's host and consumed by its next step, claims limited to the node's
 * workflow types, and the inbox telling a host whether the run is still its own.
 */
public abstract class JournalFastPathConformance extends JournalTimerConformance {

  private TaskLeasing leasing(Integer... commandSeqs) {
    return new TaskLeasing(OWNER, TTL, Set.of(commandSeqs));
  }

  private StepOutcome twoCharges() {
    return step(RunState.SUSPENDED)
        .events(scheduled(CHARGE, 0), scheduled(CHARGE, 1))
        .activity(activity(2, CHARGE, OPTIONS, "run-1/2"))
        .activity(activity(3, CHARGE, OPTIONS, "run-1/3"))
        .build();
  }

  @Test
  void aStartCreatesTheLeasedTasksAlreadyClaimedAndTheOthersReady() {
    StartResult result =
        await(journal.start(newRun("run-1"), twoCharges(), OWNER, TTL, leasing(2)));

    assertThat(result.leased())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.runId()).isEqualTo("run-1");
              assertThat(t.commandSeq()).isEqualTo(2);
              assertThat(t.activityType()).isEqualTo(CHARGE);
              assertThat(t.attempt()).isEqualTo(1);
              assertThat(t.idempotencyKey()).isEqualTo("run-1/2");
              assertThat(t.input()).isEqualTo(CHARGE_INPUT);
              assertThat(await(journal.heartbeatTask(t.taskId(), t.leaseToken(), TTL))).isTrue();
            });
    assertThat(claimTasks(CHARGE)).extracting(ActivityTask::commandSeq).containsExactly(3);
  }

  @Test
  void aCommitCreatesLeasedTasksToo() {
    Started run = startAwaitingSignal("run-1");

    CommitResult result =
        await(
            journal.commit(
                new StepCommit(
                    "run-1",
                    run.token(),
                    2,
                    step(RunState.SUSPENDED)
                        .events(scheduled(CHARGE, 0))
                        .activity(activity(3, CHARGE, OPTIONS, "run-1/3"))
                        .build(),
                    leasing(3))));

    assertThat(result.lastSeq()).isEqualTo(3);
    assertThat(result.leased()).extracting(ActivityTask::commandSeq).containsExactly(3);
    assertThat(claimTasks(CHARGE)).isEmpty();
  }

  @Test
  void aLeasedTaskWhoseWorkerDiesIsRequeuedLikeAnyOther() {
    await(journal.start(newRun("run-1"), twoCharges(), OWNER, TTL, leasing(2, 3)));
    advanceTime(TTL.plusSeconds(1));

    assertThat(await(journal.requeueExpiredTasks()).requeued()).isEqualTo(2);
    assertThat(claimTasks(CHARGE)).extracting(ActivityTask::attempt).containsOnly(2);
  }

  @Test
  void aStepConsumesAResultHandedOverByALocalWorkerAndTheTaskIsDone() {
    StartResult started =
        await(journal.start(newRun("run-1"), twoCharges(), OWNER, TTL, leasing(2)));
    ActivityTask task = started.leased().get(0);
    var local = new InboxItem.ActivityResult(task.taskId(), 2, json("\"ch-1\""), null, 1);

    int lastSeq =
        committed(
            journal.commit(
                new StepCommit(
                    "run-1",
                    started.lease().token(),
                    3,
                    step(RunState.SUSPENDED)
                        .events(new Event.ActivityCompleted(2, json("\"ch-1\""), 1))
                        .consume(local)
                        .build())));

    assertThat(lastSeq).isEqualTo(4);
    assertThat(history("run-1").get(3).event())
        .isEqualTo(new Event.ActivityCompleted(2, json("\"ch-1\""), 1));
    assertFenced(
        () ->
            await(
                journal.completeTask(
                    task.taskId(),
                    task.leaseToken(),
                    io.continuum.journal.TaskOutcome.success(json("\"late\""), 1))),
        Reason.LEASE_LOST);
    advanceTime(TTL.plusSeconds(1));
    assertThat(await(journal.requeueExpiredTasks()).requeued())
        .as("only the unleased task is pending")
        .isZero();
    assertThat(inbox("run-1")).isEmpty();
  }

  @Test
  void aLocalResultOfAnAttemptWhoseTaskWasRequeuedFencesTheStepAndWritesNothing() {
    // the run's lease outlives its task's: only the task is requeued and claimed again
    StartResult started =
        await(
            journal.start(newRun("run-1"), twoCharges(), OWNER, TTL.multipliedBy(10), leasing(2)));
    ActivityTask first = started.leased().get(0);
    advanceTime(TTL.plusSeconds(1));
    assertThat(await(journal.requeueExpiredTasks()).requeued()).isEqualTo(1);
    ActivityTask second =
        claimTasks(CHARGE).stream().filter(t -> t.commandSeq() == 2).findFirst().orElseThrow();
    assertThat(second.attempt()).isEqualTo(2);
    var stale = new InboxItem.ActivityResult(first.taskId(), 2, json("\"stale\""), null, 1);

    assertFenced(
        () ->
            await(
                journal.commit(
                    new StepCommit(
                        "run-1",
                        started.lease().token(),
                        3,
                        step(RunState.SUSPENDED)
                            .events(new Event.ActivityCompleted(2, json("\"stale\""), 1))
                            .consume(stale)
                            .build()))),
        Reason.STALE_SEQ);

    assertThat(history("run-1")).hasSize(3);
    assertThat(await(journal.heartbeatTask(second.taskId(), second.leaseToken(), TTL))).isTrue();
  }

  @Test
  void aResultHandedOverLocallyIsReusedForTheSameChosenKeyButADefaultKeyIsNot() {
    StepOutcome keyedCharge =
        step(RunState.SUSPENDED)
            .events(scheduled(CHARGE, 0, keyed("charge-o-1")), scheduled(CHARGE, 1))
            .activity(activity(2, CHARGE, keyed("charge-o-1"), "charge-o-1"))
            .activity(activity(3, CHARGE, OPTIONS, "run-1/3"))
            .build();
    StartResult started =
        await(journal.start(newRun("run-1"), keyedCharge, OWNER, TTL, leasing(2, 3)));
    var results =
        started.leased().stream()
            .map(
                t ->
                    new InboxItem.ActivityResult(
                        t.taskId(), t.commandSeq(), json("\"ch-" + t.commandSeq() + "\""), null, 1))
            .toArray(InboxItem[]::new);
    committed(
        journal.commit(
            new StepCommit(
                "run-1",
                started.lease().token(),
                3,
                step(RunState.SUSPENDED)
                    .events(
                        new Event.ActivityCompleted(2, json("\"ch-2\""), 1),
                        new Event.ActivityCompleted(3, json("\"ch-3\""), 1))
                    .consume(results)
                    .build())));

    start(
        "run-2",
        step(RunState.SUSPENDED)
            .events(scheduled(CHARGE, 0, keyed("charge-o-1")), scheduled(CHARGE, 1))
            .activity(activity(2, CHARGE, keyed("charge-o-1"), "charge-o-1"))
            .activity(activity(3, CHARGE, OPTIONS, "run-1/3"))
            .build());

    assertThat(claimTasks(CHARGE))
        .filteredOn(t -> t.runId().equals("run-2"))
        .extracting(
            t ->
                t.commandSeq()
                    + ":"
                    + (t.reusedResult() == null ? null : t.reusedResult().jsonText()))
        .containsExactlyInAnyOrder("2:\"ch-2\"", "3:null");
  }

  @Test
  void claimsTakeOnlyTheGivenWorkflowTypes() {
    start("refund", step(RunState.SUSPENDED).events(awaitSignal(APPROVAL, 0)).build(), OWNER);
    await(
        journal.start(
            newRun("other", "orders.refund", INPUT), awaitingApproval(), OWNER, TTL, null));
    signal("refund", APPROVAL, "\"yes\"");
    signal("other", APPROVAL, "\"yes\"");
    expireLeases();

    List<Lease> claimed =
        await(journal.claimRunnable(OTHER_OWNER, List.of(TYPE), 10, TTL, Set.of()));

    assertThat(claimed).extracting(Lease::runId).containsExactly("refund");
  }

  @Test
  void theInboxTellsTheRunsStateAndLeaseToken() {
    Started run = startAwaitingSignal("run-1");

    Inbox inbox = await(journal.inbox("run-1"));
    assertThat(inbox.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(inbox.leaseToken()).isEqualTo(run.token());

    expireLeases();
    signal("run-1", APPROVAL, "\"yes\"");
    Lease taken = claimRunnable(OTHER_OWNER).get(0);
    assertThat(await(journal.inbox("run-1")).leaseToken())
        .isEqualTo(taken.token())
        .isNotEqualTo(run.token());

    await(journal.cancel("run-1", "stop"));
    assertThat(await(journal.inbox("run-1")).state()).isEqualTo(RunState.SUSPENDED);
  }
}
