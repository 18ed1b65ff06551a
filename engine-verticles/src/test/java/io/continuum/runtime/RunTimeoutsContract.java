package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.CancelledFailure;
import io.continuum.ExecutionTimeoutFailure;
import io.continuum.RunConflict;
import io.continuum.RunDescription;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowFailure;
import io.continuum.WorkflowType;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.journal.CancelResult;
import io.continuum.journal.RunRecord;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 8: an execution timeout fails the chain's live run with a typed failure on the
 * journal's clock, across continue-as-new and while nobody hosts the run, unless a cancel request
 * came first; a start delay creates the run now and runs its first step only once the delay passed,
 * keeping the signals that come meanwhile. Runs on both journals; time moves only when the test
 * moves the journal's clock.
 */
public abstract class RunTimeoutsContract {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration LEASE = Duration.ofSeconds(30);

  protected abstract EngineNodes newNodes();

  /** Collects "add" signals until one says "done"; returns them in order. */
  @WorkflowType("timeouts.collect")
  public static final class Collect implements Workflow<String, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, String in) {
      List<String> got = new ArrayList<>();
      for (String s = ctx.awaitSignal("add", String.class);
          !s.equals("done");
          s = ctx.awaitSignal("add", String.class)) {
        got.add(s);
      }
      return got;
    }
  }

  /** Sleeps ten minutes and continues as new, {@code n} times; then waits for "add". */
  @WorkflowType("timeouts.chain")
  public static final class Chain implements Workflow<Integer, String> {
    @Override
    public String run(WorkflowContext ctx, Integer n) {
      if (n > 0) {
        ctx.sleep(Duration.ofMinutes(10));
        return ctx.continueAsNew(n - 1);
      }
      return ctx.awaitSignal("add", String.class);
    }
  }

  /** Waits for a child that waits for "add" signals. */
  @WorkflowType("timeouts.parent")
  public static final class Parent implements Workflow<String, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, String in) {
      return ctx.child(Collect.class, in);
    }
  }

  private EngineNodes nodes;

  @BeforeEach
  void open() {
    nodes = newNodes();
  }

  @AfterEach
  void close() {
    nodes.close();
  }

  private EngineNodes.Node node(String id) {
    return nodes.start(
        id,
        o -> o.withLeaseTtl(LEASE),
        b -> b.workflow(Collect.class).workflow(Chain.class).workflow(Parent.class));
  }

  private static <T> T join(Future<T> f) {
    return EngineNodes.join(f, WAIT);
  }

  private RunRecord row(String runId) {
    return join(nodes.journal().run(runId));
  }

  private void advance(Duration d, EngineNodes.Node... live) {
    nodes.advanceClock(d);
    for (EngineNodes.Node n : live) {
      n.tick();
    }
    nodes.settle();
  }

  @Test
  void aRunPastItsExecutionTimeoutFailsWithTheTypedTimeout() {
    var a = node("a");
    var client = a.engine().client();
    join(
        client.start(
            Collect.class,
            "x",
            StartOptions.withId("late-1").withExecutionTimeout(Duration.ofMinutes(30))));
    RunRecord started = row("late-1");
    assertThat(started.executionDeadline())
        .isEqualTo(started.createdAt().plus(Duration.ofMinutes(30)));
    join(client.signal("late-1", "add", "one"));
    nodes.settle();

    advance(Duration.ofMinutes(29), a);
    assertThat(row("late-1").state()).isEqualTo(RunState.SUSPENDED);

    advance(Duration.ofMinutes(2), a);
    assertThatThrownBy(() -> join(client.await("late-1", List.class, WAIT)))
        .isInstanceOf(ExecutionTimeoutFailure.class)
        .isInstanceOf(WorkflowFailure.class);
    RunDescription d = join(client.getRun("late-1"));
    assertThat(d.state()).isEqualTo(RunState.FAILED);
    assertThat(d.failure().type()).isEqualTo(ExecutionTimeoutFailure.TYPE);
    assertThat(d.executionDeadline()).isEqualTo(started.executionDeadline());
    // The run's own progress stays in its history, the timeout is its last event.
    List<HistoryEvent> history = join(nodes.journal().history("late-1", 0));
    assertThat(history.get(history.size() - 1).event())
        .isInstanceOfSatisfying(
            Event.RunFailed.class,
            f -> assertThat(f.failure().type()).isEqualTo(ExecutionTimeoutFailure.TYPE));
    assertThat(history).anyMatch(h -> h.event() instanceof Event.SignalReceived);
  }

  @Test
  void theDeadlineSpansContinueAsNewWithoutAFreshOneForTheSuccessor() {
    var a = node("a");
    var client = a.engine().client();
    join(
        client.start(
            Chain.class,
            1,
            StartOptions.withId("chain-1").withExecutionTimeout(Duration.ofMinutes(15))));
    RunRecord first = row("chain-1");

    advance(Duration.ofMinutes(10), a); // the sleep fires; the run continues as new
    RunRecord tip = join(nodes.journal().tip("chain-1"));
    assertThat(tip.runId()).isNotEqualTo("chain-1");
    assertThat(tip.executionDeadline()).isEqualTo(first.executionDeadline());
    assertThat(row("chain-1").state()).isEqualTo(RunState.CONTINUED);

    // A fresh deadline would be 25 minutes after the chain's start; the chain's is at 15.
    advance(Duration.ofMinutes(6), a);
    assertThatThrownBy(() -> join(client.await("chain-1", String.class, WAIT)))
        .isInstanceOf(ExecutionTimeoutFailure.class);
    assertThat(row(tip.runId()).state()).isEqualTo(RunState.FAILED);
    assertThat(row(tip.runId()).failure().type()).isEqualTo(ExecutionTimeoutFailure.TYPE);
  }

  @Test
  void aSuspendedRunNobodyHostsTimesOutAfterARestart() {
    var a = node("a");
    join(
        a.engine()
            .client()
            .start(
                Collect.class,
                "x",
                StartOptions.withId("orphan-1").withExecutionTimeout(Duration.ofHours(1))));
    nodes.settle();
    a.kill(); // its lease lapses; nothing in memory remembers the deadline
    var b = node("b");
    advance(Duration.ofMinutes(30), b);
    assertThat(row("orphan-1").state()).isEqualTo(RunState.SUSPENDED);

    advance(Duration.ofMinutes(31), b);
    assertThatThrownBy(() -> join(b.engine().client().await("orphan-1", List.class, WAIT)))
        .isInstanceOf(ExecutionTimeoutFailure.class);
    assertThat(row("orphan-1").failure().type()).isEqualTo(ExecutionTimeoutFailure.TYPE);
  }

  @Test
  void aParentThatTimesOutCancelsItsChildAsAnyFailureDoes() {
    var a = node("a");
    join(
        a.engine()
            .client()
            .start(
                Parent.class,
                "x",
                StartOptions.withId("parent-1").withExecutionTimeout(Duration.ofMinutes(5))));
    nodes.settle();
    a.tick();
    String child =
        join(nodes.journal().history("parent-1", 0)).stream()
            .map(HistoryEvent::event)
            .filter(Event.ChildStarted.class::isInstance)
            .map(e -> ((Event.ChildStarted) e).childId())
            .findFirst()
            .orElseThrow();
    assertThat(row(child).executionDeadline()).isNull(); // a child has a deadline of its own only

    advance(Duration.ofMinutes(6), a);
    assertThatThrownBy(() -> join(a.engine().client().await("parent-1", List.class, WAIT)))
        .isInstanceOf(ExecutionTimeoutFailure.class);
    assertThatThrownBy(() -> join(a.engine().client().await(child, List.class, WAIT)))
        .isInstanceOf(CancelledFailure.class);
  }

  @Test
  void aCancelRequestedBeforeTheDeadlineWins() {
    var a = node("a");
    join(
        a.engine()
            .client()
            .start(
                Collect.class,
                "x",
                StartOptions.withId("both-1").withExecutionTimeout(Duration.ofMinutes(10))));
    nodes.settle();
    a.kill(); // still leased by the dead node: the cancel can only be requested
    assertThat(join(nodes.journal().cancel("both-1", "changed my mind")))
        .isEqualTo(CancelResult.REQUESTED);

    var b = node("b");
    advance(Duration.ofMinutes(11), b); // the lease lapsed and the deadline passed
    assertThatThrownBy(() -> join(b.engine().client().await("both-1", List.class, WAIT)))
        .isInstanceOf(CancelledFailure.class);
    assertThat(row("both-1").state()).isEqualTo(RunState.CANCELLED);
  }

  @Test
  void aDelayedRunRunsNothingBeforeItsStartAndKeepsItsSignalsUntilThen() {
    var a = node("a");
    var client = a.engine().client();
    var handle =
        join(
            client.start(
                Collect.class,
                "x",
                StartOptions.withId("later-1")
                    .withStartDelay(Duration.ofHours(1))
                    .withExecutionTimeout(Duration.ofMinutes(90))));
    assertThat(handle.created()).isTrue();
    RunDescription pending = join(client.getRun("later-1"));
    assertThat(pending.state()).isEqualTo(RunState.PENDING);
    assertThat(pending.startAt()).isEqualTo(pending.createdAt().plus(Duration.ofHours(1)));
    // The timeout counts from the start, not from the creation.
    assertThat(pending.executionDeadline()).isEqualTo(pending.startAt().plusSeconds(90 * 60));

    join(client.signal("later-1", "add", "early"));
    advance(Duration.ofMinutes(59), a);
    // A signal does not start it early: nothing but run_started is journaled yet.
    assertThat(row("later-1").state()).isEqualTo(RunState.PENDING);
    assertThat(row("later-1").lastSeq()).isEqualTo(1);

    // The node that created it is gone: the start is in the journal, not in its memory.
    a.stop();
    var b = node("b");
    join(b.engine().client().signal("later-1", "add", "second"));
    advance(Duration.ofMinutes(1), b);
    nodes.settle();
    join(b.engine().client().signal("later-1", "add", "done"));
    assertThat(join(b.engine().client().await("later-1", List.class, WAIT)))
        .isEqualTo(List.of("early", "second"));
    List<HistoryEvent> history = join(nodes.journal().history("later-1", 0));
    assertThat(history.get(1).recordedAt()).isAfterOrEqualTo(pending.startAt());
  }

  @Test
  void aSignalWithStartDuringTheDelayIsKeptAndDelivered() {
    var a = node("a");
    var client = a.engine().client();
    var first =
        join(
            client.signalWithStart(
                Collect.class,
                "x",
                StartOptions.withId("later-2").withStartDelay(Duration.ofMinutes(5)),
                "add",
                "a"));
    assertThat(first.created()).isTrue();
    var second =
        join(
            client.signalWithStart(
                Collect.class,
                "x",
                StartOptions.withId("later-2").withStartDelay(Duration.ofMinutes(5)),
                "add",
                "b"));
    assertThat(second.created()).isFalse();
    advance(Duration.ofMinutes(4), a);
    assertThat(row("later-2").state()).isEqualTo(RunState.PENDING);
    assertThat(row("later-2").lastSeq()).isEqualTo(1);

    advance(Duration.ofMinutes(1), a);
    join(client.signal("later-2", "add", "done"));
    assertThat(join(client.await("later-2", List.class, WAIT))).isEqualTo(List.of("a", "b"));
  }

  @Test
  void startingAnIdAgainWithOtherTimingIsAConflict() {
    var client = node("a").engine().client();
    StartOptions timed =
        StartOptions.withId("again-1")
            .withStartDelay(Duration.ofMinutes(5))
            .withExecutionTimeout(Duration.ofHours(1));
    assertThat(join(client.start(Collect.class, "x", timed)).created()).isTrue();
    assertThat(join(client.start(Collect.class, "x", timed)).created()).isFalse();
    assertThatThrownBy(
            () ->
                join(
                    client.start(
                        Collect.class, "x", timed.withExecutionTimeout(Duration.ofHours(2)))))
        .isInstanceOf(RunConflict.class);
    assertThatThrownBy(() -> join(client.start(Collect.class, "x", StartOptions.withId("again-1"))))
        .isInstanceOf(RunConflict.class);
  }

  @Test
  void aDelayedRunCancelledBeforeItsStartNeverRuns() {
    var a = node("a");
    var client = a.engine().client();
    join(
        client.start(
            Collect.class,
            "x",
            StartOptions.withId("later-3").withStartDelay(Duration.ofHours(2))));
    join(client.cancel("later-3"));
    advance(Duration.ofHours(3), a);
    RunRecord r = row("later-3");
    assertThat(r.state()).isEqualTo(RunState.CANCELLED);
    assertThat(r.lastSeq()).isEqualTo(2); // run_started, run_cancelled
  }
}
