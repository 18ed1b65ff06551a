package io.continuum.journal;

import static io.continuum.journal.FencedException.Reason.LEASE_LOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Conformance: {@link Journal#claimRunnable}, {@link Journal#renewLeases}, releases. */
public abstract class JournalLeaseConformance extends JournalDeliveryConformance {

  @Test
  void renewLeasesExtendsEveryLeaseOfTheOwnerAndNoOtherOwners() {
    Started a = startAwaitingSignal("run-a");
    Started b = startAwaitingSignal("run-b");
    start("run-c", awaitingApproval(), OTHER_OWNER);
    RunRecord otherBefore = run("run-c");
    advanceTime(Duration.ofSeconds(10));

    Instant before = journalNow();
    RenewResult renewed = await(journal.renewLeases(OWNER, Duration.ofMinutes(1)));
    Instant after = journalNow();

    assertThat(renewed.renewed()).isEqualTo(2);
    assertThat(renewed.waiting()).isEmpty();
    for (Started mine : List.of(a, b)) {
      RunRecord row = run(mine.runId());
      assertThat(row.leaseOwner()).isEqualTo(OWNER);
      assertThat(row.leaseToken()).isEqualTo(mine.token());
      assertTakenBetween(
          row.leaseExpiresAt(),
          before.plus(Duration.ofMinutes(1)),
          after.plus(Duration.ofMinutes(1)));
    }
    assertThat(run("run-c")).isEqualTo(otherBefore);

    signal("run-a", APPROVAL, "\"yes\"");
    signal("run-c", APPROVAL, "\"yes\"");
    advanceTime(TTL);
    assertThat(claimRunnable(OTHER_OWNER))
        .as("only the unrenewed lease has lapsed")
        .extracting(Lease::runId)
        .containsExactly("run-c");
  }

  @Test
  void renewLeasesOfAnOwnerWithoutLeasesRenewsNone() {
    startAwaitingSignal("run-1");

    assertThat(await(journal.renewLeases(OTHER_OWNER, TTL)).renewed()).isZero();
  }

  @Test
  void renewLeasesReportsTheRenewedRunsThatHaveWorkWaiting() {
    startAwaitingSignal("idle");
    startAwaitingSignal("signalled");
    startAwaitingSignal("cancelling");
    start("elsewhere", awaitingApproval(), OTHER_OWNER);
    signal("signalled", APPROVAL, "\"yes\"");
    signal("elsewhere", APPROVAL, "\"yes\"");
    assertThat(await(journal.cancel("cancelling", "stop"))).isEqualTo(CancelResult.REQUESTED);

    RenewResult renewed = await(journal.renewLeases(OWNER, TTL));

    assertThat(renewed.renewed()).isEqualTo(3);
    assertThat(renewed.waiting()).containsExactlyInAnyOrder("signalled", "cancelling");
  }

  @Test
  void claimRunnableClaimsOnlyOpenUndriftedUnleasedRunsWithWorkWaiting() {
    Started ready = startAwaitingSignal("ready");
    signal("ready", APPROVAL, "\"yes\"");
    release("ready");
    startAwaitingSignal("idle");
    release("idle");
    startAwaitingSignal("leased");
    signal("leased", APPROVAL, "\"yes\"");
    completeRun(startAwaitingSignal("completed"));
    startAwaitingSignal("cancelled");
    release("cancelled");
    await(journal.cancel("cancelled", "operator"));
    Started drifted = startAwaitingSignal("drifted");
    commitAtHead("drifted", drifted.token(), step(RunState.DRIFTED).drift(drift()).build());
    signal("drifted", APPROVAL, "\"yes\"");

    Instant before = journalNow();
    List<Lease> claimed = claimRunnable(OTHER_OWNER);
    Instant after = journalNow();

    assertThat(claimed).extracting(Lease::runId).containsExactly("ready");
    Lease lease = claimed.get(0);
    assertThat(lease.owner()).isEqualTo(OTHER_OWNER);
    assertThat(lease.token()).isNotZero().isNotEqualTo(ready.token());
    assertTakenBetween(lease.expiresAt(), before.plus(TTL), after.plus(TTL));
    RunRecord row = run("ready");
    assertThat(row.leaseOwner()).isEqualTo(OTHER_OWNER);
    assertThat(row.leaseToken()).isEqualTo(lease.token());
    assertThat(row.leaseExpiresAt()).isEqualTo(lease.expiresAt());
    assertThat(run("leased").leaseOwner()).isEqualTo(OWNER);
  }

  @Test
  void aClaimIssuesANewTokenThatFencesTheOldOne() {
    Started run = startAwaitingSignal("run-1");
    signal("run-1", APPROVAL, "\"yes\"");
    expireLeases();

    Lease lease = claimRunnable(OTHER_OWNER).get(0);
    RunSnapshot before = snapshot("run-1");

    assertThat(lease.token()).isNotEqualTo(run.token());
    assertFenced(
        () -> await(journal.commit(new StepCommit("run-1", run.token(), 2, completing("1")))),
        LEASE_LOST);
    assertUnchanged(before);
    assertThat(
            committed(journal.commit(new StepCommit("run-1", lease.token(), 2, completing("2")))))
        .isEqualTo(3);
    assertJson(run("run-1").result(), "2");
  }

  @Test
  void aLiveLeaseIsNotClaimableUntilItExpires() {
    startAwaitingSignal("run-1");
    signal("run-1", APPROVAL, "\"yes\"");

    assertThat(claimRunnable(OTHER_OWNER)).isEmpty();
    advanceTime(TTL.minusSeconds(5));
    assertThat(claimRunnable(OTHER_OWNER)).isEmpty();
    advanceTime(Duration.ofSeconds(6));
    assertThat(claimRunnable(OTHER_OWNER)).extracting(Lease::runId).containsExactly("run-1");
  }

  @Test
  void anExpiredRunWithAnEmptyInboxIsNotClaimable() {
    startAwaitingSignal("run-1");
    expireLeases();

    assertThat(claimRunnable(OTHER_OWNER)).isEmpty();
  }

  @Test
  void claimRunnableClaimsAtMostTheLimit() {
    for (String id : List.of("run-1", "run-2", "run-3")) {
      startAwaitingSignal(id);
      signal(id, APPROVAL, "\"yes\"");
    }
    expireLeases();

    List<Lease> first = await(journal.claimRunnable(OTHER_OWNER, WORKFLOW_TYPES, 2, TTL, Set.of()));
    List<Lease> second =
        await(journal.claimRunnable(OTHER_OWNER, WORKFLOW_TYPES, 2, TTL, Set.of()));

    assertThat(first).hasSize(2);
    assertThat(second).hasSize(1);
    List<String> all = new ArrayList<>();
    first.forEach(l -> all.add(l.runId()));
    second.forEach(l -> all.add(l.runId()));
    assertThat(all).containsExactlyInAnyOrder("run-1", "run-2", "run-3");
  }

  @Test
  void claimRunnableSkipsExcludedRuns() {
    for (String id : List.of("run-1", "run-2")) {
      startAwaitingSignal(id);
      signal(id, APPROVAL, "\"yes\"");
    }
    expireLeases();

    List<Lease> claimed =
        await(journal.claimRunnable(OTHER_OWNER, WORKFLOW_TYPES, 10, TTL, Set.of("run-1")));

    assertThat(claimed).extracting(Lease::runId).containsExactly("run-2");
    assertThat(run("run-1").leaseOwner()).isEqualTo(OWNER);
  }

  @Test
  void releaseLeasesClearsTheLeaseAndMakesARunWithWorkClaimableAtOnce() {
    Started run = startAwaitingSignal("run-1");
    signal("run-1", APPROVAL, "\"yes\"");

    release("run-1");

    assertLeaseCleared(run("run-1"));
    assertThat(claimRunnable(OTHER_OWNER)).extracting(Lease::runId).containsExactly("run-1");
    assertFenced(
        () -> await(journal.commit(new StepCommit("run-1", run.token(), 2, completing("1")))),
        LEASE_LOST);
  }

  @Test
  void releaseLeasesLeavesRunsLeasedByAnotherOwnerAlone() {
    startAwaitingSignal("run-1");
    signal("run-1", APPROVAL, "\"yes\"");
    RunSnapshot before = snapshot("run-1");

    await(journal.releaseLeases(OTHER_OWNER, List.of("run-1")));

    assertUnchanged(before);
    assertThat(claimRunnable(OTHER_OWNER)).isEmpty();
  }
}
