package io.continuum.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.ChildRequest;
import io.continuum.core.replay.StepOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Conformance: child runs. A step's children are created in its commit (a fenced commit creates
 * none), unleased and runnable; a child's end puts its outcome in its live parent's inbox in the
 * same transaction; a parent's end (other than continuing as new) asks its live children to cancel;
 * a successor inherits its predecessor's place as child and as parent.
 */
public abstract class JournalChildConformance extends JournalChainConformance {
  private static final Payload KID_INPUT = Payload.ofJson("\"kid\"");

  private static ChildRequest child(String parentId, String childId, int seq) {
    var started =
        new Event.RunStarted(childId, NAMESPACE, TYPE, KID_INPUT, STARTED_AT, parentId, 1);
    return new ChildRequest(seq, started, NewRun.hash(KID_INPUT), null, Payload.EMPTY_OBJECT);
  }

  private static Event.ChildStarted childStarted(String childId, int ordinal) {
    return new Event.ChildStarted(
        new CommandId(CommandKind.CHILD, TYPE, ordinal), childId, NewRun.hash(KID_INPUT));
  }

  /** A parent leased by {@link #OWNER} that started children {@code ids} at seqs 2, 3, ... */
  private Started parentWith(String parentId, String... ids) {
    var step = step(RunState.SUSPENDED);
    for (int i = 0; i < ids.length; i++) {
      step.events(childStarted(ids[i], i)).child(child(parentId, ids[i], i + 2));
    }
    return start(parentId, step.build());
  }

  /** Claims {@code childId} (it is runnable) and completes it with {@code resultJson}. */
  private void completeChild(String childId, String resultJson) {
    Lease lease =
        claimRunnable(OTHER_OWNER).stream()
            .filter(l -> l.runId().equals(childId))
            .findFirst()
            .orElseThrow();
    commitAtHead(childId, lease.token(), completing(resultJson));
  }

  @Test
  void aStepsChildrenAreCreatedUnleasedAndRunnableWithTheirParent() {
    parentWith("p", "p:k0", "p:k1");

    RunRecord kid = run("p:k1");
    assertThat(kid.state()).isEqualTo(RunState.PENDING);
    assertThat(kid.parentId()).isEqualTo("p");
    assertThat(kid.namespace()).isEqualTo(NAMESPACE);
    assertThat(kid.leaseOwner()).isNull();
    var first = (Event.RunStarted) history("p:k1").get(0).event();
    assertThat(first.parentId()).isEqualTo("p");
    assertThat(first.depth()).isEqualTo(1);
    assertThat(run("p").parentId()).isNull();
    assertThat(claimRunnable(OTHER_OWNER))
        .extracting(Lease::runId)
        .containsExactlyInAnyOrder("p:k0", "p:k1");
  }

  @Test
  void aChildsEndReachesItsParentsInboxAndTheParentConsumesIt() {
    Started parent = parentWith("p", "p:k0");
    completeChild("p:k0", "\"done\"");

    var outcome = (InboxItem.ChildOutcome) inbox("p").get(0);
    assertThat(outcome.commandSeq()).isEqualTo(2);
    assertThat(outcome.childId()).isEqualTo("p:k0");
    assertThat(outcome.state()).isEqualTo(RunState.COMPLETED);
    assertJson(outcome.result(), "\"done\"");
    // the parent is leased by OWNER, who renews and learns it has work waiting
    assertThat(await(journal.renewLeases(OWNER, TTL)).waiting()).contains("p");

    commitAtHead(
        "p",
        parent.token(),
        step(RunState.SUSPENDED)
            .events(new Event.ChildCompleted(2, "p:k0", outcome.result()))
            .consume(outcome)
            .build());
    assertThat(inbox("p")).isEmpty();
    assertThat(history("p").get(2).event())
        .isEqualTo(new Event.ChildCompleted(2, "p:k0", outcome.result()));
  }

  @Test
  void aFencedCommitCreatesNoChild() {
    Started parent = startAwaitingSignal("p");
    StepOutcome starting =
        step(RunState.SUSPENDED)
            .events(childStarted("p:k0", 0))
            .child(child("p", "p:k0", 3))
            .build();
    assertFenced(
        () -> await(journal.commit(new StepCommit("p", parent.token() + 1, 2, starting))),
        FencedException.Reason.LEASE_LOST);
    assertThat(
            await(
                journal.query(
                    new RunSearch(
                        NAMESPACE, java.util.Set.of(), null, null, null, null, null, null, 10))))
        .extracting(RunRecord::runId)
        .containsExactly("p");
  }

  @Test
  void aTakenChildIdFailsThatChildInTheParentsInbox() {
    start("p:k0", awaitingApproval());
    parentWith("p", "p:k0");

    var outcome = (InboxItem.ChildOutcome) inbox("p").get(0);
    assertThat(outcome.state()).isEqualTo(RunState.FAILED);
    assertThat(outcome.failure().message()).contains("is taken");
    assertThat(run("p:k0").parentId()).isNull();
  }

  @Test
  void aParentsEndAsksItsLiveChildrenToCancelAndACancelledChildReportsIt() {
    parentWith("p", "p:k0", "p:k1");
    completeChild("p:k0", "\"early\"");
    expireLeases();

    assertThat(await(journal.cancel("p", "stop"))).isEqualTo(CancelResult.CANCELLED);

    assertThat(run("p:k0").state()).isEqualTo(RunState.COMPLETED);
    assertThat(inbox("p:k1"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.CancelRequested.class, c -> assertThat(c.reason()).contains("'p'"));
    assertThat(claimRunnable(OTHER_OWNER)).extracting(Lease::runId).contains("p:k1");
  }

  @Test
  void childrenStartedByAFirstStepThatEndsTheRunAreAskedToCancel() {
    start(
        "p",
        step(RunState.COMPLETED)
            .events(childStarted("p:k0", 0), new Event.RunCompleted(json("\"bye\"")))
            .child(child("p", "p:k0", 2))
            .build());

    assertThat(run("p:k0").state()).isEqualTo(RunState.PENDING);
    assertThat(inbox("p:k0"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.CancelRequested.class, c -> assertThat(c.reason()).contains("'p'"));
  }

  @Test
  void aCancelledChildsOutcomeCarriesTheReason() {
    parentWith("p", "p:k0");
    assertThat(await(journal.cancel("p:k0", "not needed"))).isEqualTo(CancelResult.CANCELLED);

    var outcome = (InboxItem.ChildOutcome) inbox("p").get(0);
    assertThat(outcome.state()).isEqualTo(RunState.CANCELLED);
    assertThat(outcome.reason()).isEqualTo("not needed");
  }

  @Test
  void aContinuedChildKeepsItsParentAndAContinuedParentKeepsItsChildren() {
    Started parent = parentWith("p", "p:k0");
    Lease kid =
        claimRunnable(OTHER_OWNER).stream().filter(l -> l.runId().equals("p:k0")).findFirst().get();
    commitAtHead(
        "p:k0",
        kid.token(),
        step(RunState.CONTINUED).events(new Event.RunContinued("p:k0:cont-1", KID_INPUT)).build());
    assertThat(run("p:k0:cont-1").parentId()).isEqualTo("p");
    assertThat(((Event.RunStarted) history("p:k0:cont-1").get(0).event()).depth()).isEqualTo(1);
    assertThat(inbox("p")).isEmpty();

    commitAtHead(
        "p",
        parent.token(),
        step(RunState.CONTINUED).events(new Event.RunContinued("p:cont-1", INPUT)).build());
    assertThat(run("p:k0:cont-1").parentId()).isEqualTo("p:cont-1");
    completeChild("p:k0:cont-1", "\"late\"");

    assertThat(inbox("p:cont-1"))
        .singleElement()
        .isInstanceOfSatisfying(
            InboxItem.ChildOutcome.class,
            o -> {
              assertThat(o.childId()).isEqualTo("p:k0");
              assertThat(o.commandSeq()).isEqualTo(2);
            });
    assertThat(List.of(run("p").state(), run("p:k0").state())).containsOnly(RunState.CONTINUED);
  }
}
