package io.continuum.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.StepOutcome;
import org.junit.jupiter.api.Test;

/**
 * Conformance: continue-as-new chains. A continuing commit creates its successor in the same
 * transaction (a fenced one creates nothing), moves the unconsumed signals in order, and signals,
 * cancels and tip reads addressed to any run of the chain reach its live tip.
 */
public abstract class JournalChainConformance extends JournalVersionConformance {
  private static final String V2 = "b".repeat(64);
  private static final Payload NEXT = Payload.ofJson("{\"round\":2}");

  private static StepOutcome continuing(String successor, InboxItem.Signal consumed) {
    return step(RunState.CONTINUED)
        .events(
            new Event.SignalReceived(2, consumed.id(), consumed.payload()),
            new Event.RunContinued(successor, NEXT))
        .consume(consumed)
        .attributes("{\"round\":1}")
        .build();
  }

  private Started continuedWithSignalsLeft() {
    Started run = startAwaitingSignal("run-1");
    signal("run-1", APPROVAL, "\"a\"");
    signal("run-1", "other", "\"b\"");
    signal("run-1", APPROVAL, "\"c\"");
    var first = (InboxItem.Signal) inbox("run-1").get(0);
    await(
        journal.commit(
            new StepCommit("run-1", run.token(), 2, continuing("run-1:cont-1", first), null, V2)));
    return run;
  }

  @Test
  void aContinuingCommitCreatesTheSuccessorAndMovesTheSignalsInOrder() {
    continuedWithSignalsLeft();

    RunRecord pred = run("run-1");
    assertThat(pred.state()).isEqualTo(RunState.CONTINUED);
    assertThat(pred.leaseOwner()).isNull();
    assertThat(pred.correlationId()).isEqualTo("run-1");
    assertThat(inbox("run-1")).isEmpty();
    assertThat(history("run-1").get(3).event())
        .isEqualTo(new Event.RunContinued("run-1:cont-1", NEXT));

    RunRecord next = run("run-1:cont-1");
    assertThat(next.state()).isEqualTo(RunState.PENDING);
    assertThat(next.workflowType()).isEqualTo(TYPE);
    assertThat(next.namespace()).isEqualTo(NAMESPACE);
    assertThat(next.versionHash()).isEqualTo(V2);
    assertThat(next.correlationId()).isEqualTo("run-1");
    assertThat(next.continuedFrom()).isEqualTo("run-1");
    assertThat(next.leaseOwner()).isNull();
    assertThat(next.attributes().jsonText()).contains("\"round\"");
    assertThat(history("run-1:cont-1"))
        .singleElement()
        .satisfies(
            e -> {
              var started = (Event.RunStarted) e.event();
              assertThat(started.runId()).isEqualTo("run-1:cont-1");
              assertThat(started.input()).isEqualTo(NEXT);
            });
    assertThat(inbox("run-1:cont-1"))
        .extracting(i -> ((InboxItem.Signal) i).payload().jsonText())
        .containsExactly("\"b\"", "\"c\"");
    assertThat(claimRunnable(OTHER_OWNER)).extracting(Lease::runId).contains("run-1:cont-1");
  }

  @Test
  void aFirstStepThatContinuesCreatesTheSuccessorWithTheStart() {
    StepOutcome first =
        step(RunState.CONTINUED).events(new Event.RunContinued("run-1:cont-1", NEXT)).build();
    StartResult started = await(journal.start(newRun("run-1"), first, OWNER, TTL, null));

    assertThat(started.created()).isTrue();
    assertThat(started.lease()).isNull();
    assertThat(run("run-1").state()).isEqualTo(RunState.CONTINUED);
    RunRecord next = run("run-1:cont-1");
    assertThat(next.state()).isEqualTo(RunState.PENDING);
    assertThat(next.correlationId()).isEqualTo("run-1");
    assertThat(next.attributes()).isEqualTo(run("run-1").attributes());
    assertThat(await(journal.tip("run-1")).runId()).isEqualTo("run-1:cont-1");
    assertThat(claimRunnable(OTHER_OWNER)).extracting(Lease::runId).containsExactly("run-1:cont-1");
  }

  @Test
  void aFencedContinuingCommitCreatesNoSuccessor() {
    Started run = startAwaitingSignal("run-1");
    signal("run-1", APPROVAL, "\"a\"");
    var first = (InboxItem.Signal) inbox("run-1").get(0);
    assertThatThrownBy(
            () ->
                await(
                    journal.commit(
                        new StepCommit(
                            "run-1",
                            run.token() + 1000,
                            2,
                            continuing("run-1:cont-1", first),
                            null,
                            V2))))
        .isInstanceOf(FencedException.class);
    assertThatThrownBy(() -> run("run-1:cont-1")).isInstanceOf(RunNotFound.class);
    assertThat(run("run-1").state()).isEqualTo(RunState.SUSPENDED);
    assertThat(inbox("run-1")).hasSize(1);
  }

  @Test
  void signalsCancelsAndTipReadsAddressedToAnOldIdReachTheTip() {
    continuedWithSignalsLeft();
    Lease lease = claimRunnable(OTHER_OWNER).get(0);
    var first = (InboxItem.Signal) inbox("run-1:cont-1").get(0);
    await(
        journal.commit(
            new StepCommit(
                "run-1:cont-1",
                lease.token(),
                1,
                step(RunState.CONTINUED)
                    .events(
                        awaitSignal("other", 0),
                        new Event.SignalReceived(2, first.id(), first.payload()),
                        new Event.RunContinued("run-1:cont-2", NEXT))
                    .consume(first)
                    .build(),
                null,
                V2)));

    assertThat(await(journal.tip("run-1")).runId()).isEqualTo("run-1:cont-2");
    assertThat(await(journal.tip("run-1:cont-1")).runId()).isEqualTo("run-1:cont-2");
    assertThat(run("run-1:cont-2").correlationId()).isEqualTo("run-1");
    assertThat(run("run-1:cont-2").continuedFrom()).isEqualTo("run-1:cont-1");

    signal("run-1", APPROVAL, "\"d\"");
    assertThat(inbox("run-1:cont-2"))
        .extracting(i -> ((InboxItem.Signal) i).payload().jsonText())
        .containsExactly("\"c\"", "\"d\"");
    assertThat(inbox("run-1")).isEmpty();

    assertThat(await(journal.cancel("run-1", "stop"))).isEqualTo(CancelResult.CANCELLED);
    assertThat(run("run-1:cont-2").state()).isEqualTo(RunState.CANCELLED);
    assertThat(await(journal.tip("run-1")).state()).isEqualTo(RunState.CANCELLED);
    assertThat(run("run-1").state()).isEqualTo(RunState.CONTINUED);
    assertThat(history("run-1:cont-2"))
        .last()
        .extracting(e -> e.event().typeName())
        .isEqualTo("run_cancelled");
  }
}
