package io.continuum.runtime.regression;

import static io.continuum.runtime.regression.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.JournalException;
import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.core.event.Event;
import io.continuum.runtime.regression.FaultJournal.Op;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Review finding 1: a journal write that landed but whose reply was lost (the connection dropped
 * after COMMIT) must not leave the run leased by this node and hosted nowhere.
 */
class LostReplyRegressionTest {

  public static final class Echo implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return "echo:" + in;
    }
  }

  /** One activity, then waits for "go". */
  public static final class ActThenWait implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      String a = ctx.activity(Echo.class, in);
      return a + "/" + ctx.awaitSignal("go", String.class);
    }
  }

  /** Waits for "a", then for "b". */
  public static final class TwoSignals implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      String first = ctx.awaitSignal("a", String.class);
      return first + "+" + ctx.awaitSignal("b", String.class);
    }
  }

  /** Waits for "go", then returns it. */
  public static final class WaitGo implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("go", String.class);
    }
  }

  @Test
  void aStepCommitThatLandedButReportedFailureIsCaughtUpAndTheRunCarriesOn() {
    try (var cluster = new Cluster()) {
      var a = cluster.start("a", b -> b.workflow(TwoSignals.class));
      var run = join(a.engine.client().start(TwoSignals.class, "x", StartOptions.withId("amb-0")));
      cluster.settle();
      // the step that consumes signal "a" lands, but its reply is lost
      a.journal.landThenFail(Op.COMMIT, 1);
      int commits = a.journal.calls(Op.COMMIT);
      join(a.engine.client().signal(run.runId(), "a", "1"));
      cluster.settle(); // includes the host's retry of the step
      assertThat(a.journal.calls(Op.COMMIT)).isGreaterThan(commits);

      join(a.engine.client().signal(run.runId(), "b", "2"));
      cluster.settle();
      // leases renewed and expired several times over: a run hosted nowhere would stay stuck
      for (int i = 0; i < 3; i++) {
        cluster.advance(Duration.ofSeconds(40));
      }

      assertThat(join(a.engine.client().await(run.runId(), String.class, Duration.ofSeconds(5))))
          .isEqualTo("1+2");
      assertThat(join(cluster.journal.history(run.runId(), 0)))
          .filteredOn(e -> e.event() instanceof Event.SignalReceived)
          .hasSize(2);
    }
  }

  @Test
  void aLostReplyOnTheCommitOfALocallyHandedOverActivityResultDoesNotWedgeTheRun() {
    try (var cluster = new Cluster()) {
      var a = cluster.start("a", b -> b.workflow(ActThenWait.class).activity(new Echo()));
      // start commits the first step; the next commit (the activity's result) lands, reply lost
      a.journal.landThenFail(Op.COMMIT, 1);
      var run = join(a.engine.client().start(ActThenWait.class, "x", StartOptions.withId("amb-1")));
      cluster.settle(); // includes the host's retry of the step
      assertThat(a.journal.calls(Op.COMMIT)).isGreaterThanOrEqualTo(1);

      join(a.engine.client().signal(run.runId(), "go", "now"));
      cluster.settle();
      // leases renewed and expired several times over: a run hosted nowhere would stay stuck
      for (int i = 0; i < 3; i++) {
        cluster.advance(Duration.ofSeconds(40));
      }

      assertThat(join(a.engine.client().await(run.runId(), String.class, Duration.ofSeconds(5))))
          .isEqualTo("echo:x/now");
      var history = join(cluster.journal.history(run.runId(), 0));
      assertThat(history).filteredOn(e -> e.event() instanceof Event.ActivityCompleted).hasSize(1);
      assertThat(join(cluster.journal.run(run.runId())).state()).isEqualTo(RunState.COMPLETED);
    }
  }

  @Test
  void aStartThatLandedButReportedFailureIsHostedAndAStartThatDidNotLandIsReportedFailed() {
    try (var cluster = new Cluster()) {
      var a = cluster.start("a", b -> b.workflow(WaitGo.class));

      // did not land: the caller is told, and there is no run
      a.journal.failBefore(Op.START, 1);
      assertThatThrownBy(
              () -> join(a.engine.client().start(WaitGo.class, "x", StartOptions.withId("lost-1"))))
          .isInstanceOf(JournalException.class);
      assertThatThrownBy(() -> join(cluster.journal.run("lost-1"))).isInstanceOf(RunNotFound.class);

      // landed, reply lost: the host finds it under its lease and hosts it
      a.journal.landThenFail(Op.START, 1);
      var started =
          join(a.engine.client().start(WaitGo.class, "x", StartOptions.withId("amb-start")));
      assertThat(started.created()).isTrue();
      cluster.settle();

      join(a.engine.client().signal("amb-start", "go", "hi"));
      cluster.settle();
      for (int i = 0; i < 3; i++) {
        cluster.advance(Duration.ofSeconds(40));
      }
      assertThat(join(a.engine.client().await("amb-start", String.class, Duration.ofSeconds(5))))
          .isEqualTo("hi");
      assertThat(join(cluster.journal.history("amb-start", 0)))
          .filteredOn(e -> e.event() instanceof Event.RunStarted)
          .hasSize(1);
    }
  }
}
