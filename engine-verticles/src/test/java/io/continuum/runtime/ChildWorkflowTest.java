package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.ChildDepthExceeded;
import io.continuum.ChildFailure;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.WorkflowFailure;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.fixtures.Families.Brood;
import io.continuum.fixtures.Families.Detach;
import io.continuum.fixtures.Families.Kid;
import io.continuum.fixtures.Families.Parent;
import io.continuum.fixtures.Families.Tree;
import io.continuum.testing.TestEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildWorkflowTest {

  private static TestEnvironment env(EngineOptions options) {
    var b =
        TestEnvironment.builder()
            .workflow(Parent.class)
            .workflow(Kid.class)
            .workflow(Tree.class)
            .workflow(Detach.class)
            .paranoid(true);
    return (options == null ? b : b.options(options)).build();
  }

  private static List<String> types(List<HistoryEvent> history) {
    return history.stream().map(e -> e.seq() + " " + e.event().typeName()).toList();
  }

  @Test
  void childrenStartedTogetherRunAndTheParentGetsTheirResultsInOrder() {
    try (var env = env(null)) {
      var run = env.start(Parent.class, new Brood(List.of("a", "b")), StartOptions.withId("p"));

      assertThat(env.result(run)).isEqualTo("A<p,B<p");
      assertThat(types(env.history("p")))
          .containsExactly(
              "1 run_started",
              "2 child_started",
              "3 child_started",
              "4 child_completed",
              "5 child_completed",
              "6 run_completed");
      var started = (Event.ChildStarted) env.history("p").get(1).event();
      assertThat(started.childId()).isEqualTo("p:child-family.kid-0");
      assertThat(started.id().toString()).isEqualTo("child 'family.kid' #0");
      var kid = env.getRun("p:child-family.kid-1");
      assertThat(kid.state()).isEqualTo(RunState.COMPLETED);
      var first = (Event.RunStarted) env.history("p:child-family.kid-1").get(0).event();
      assertThat(first.parentId()).isEqualTo("p");
      assertThat(first.depth()).isEqualTo(1);
      assertThat(env.historyJson("p:child-family.kid-1")).contains("\"parent_id\" : \"p\"");
      var row = Nodes.join(env.journal().run("p:child-family.kid-1"));
      assertThat(row.parentId()).isEqualTo("p");
      // a child starts on the newest registered version of its workflow
      assertThat(row.versionHash())
          .isNotNull()
          .isEqualTo(io.continuum.core.replay.WorkflowDefinition.of(Kid.class).versionHash());
    }
  }

  @Test
  void aFailedChildIsAChildFailureTheParentCanCatchOrLetFailIt() {
    try (var env = env(null)) {
      var caught =
          env.start(
              Parent.class,
              new Brood(List.of("fail-x", "y"), true, null),
              StartOptions.withId("c"));
      assertThat(env.result(caught)).isEqualTo("!failed:kid fail-x failed,Y<c");
      assertThat(env.history("c"))
          .extracting(e -> e.event().typeName())
          .contains("child_failed", "child_completed");

      var failing = env.start(Parent.class, new Brood(List.of("fail-z")), StartOptions.withId("f"));
      assertThatThrownBy(() -> env.result(failing))
          .isInstanceOfSatisfying(
              WorkflowFailure.class,
              f -> assertThat(f.failure().type()).isEqualTo(ChildFailure.class.getName()));
    }
  }

  @Test
  void cancellingAParentCancelsEveryLiveDescendantThreeLevelsDown() {
    try (var env = env(null)) {
      env.start(Tree.class, 3, StartOptions.withId("t"));
      env.settle();
      String leaf = "t:child-family.tree-0:child-family.tree-0:child-family.tree-0";
      assertThat(env.getRun(leaf).state()).isEqualTo(RunState.SUSPENDED);

      env.cancel("t");

      for (String id :
          List.of(
              "t", "t:child-family.tree-0", "t:child-family.tree-0:child-family.tree-0", leaf)) {
        assertThat(env.getRun(id).state()).as(id).isEqualTo(RunState.CANCELLED);
      }
    }
  }

  @Test
  void aChildBeyondTheMaximumDepthFailsTheRunThatStartsItLoudly() {
    try (var env = env(EngineOptions.defaults().withMaxChildDepth(2))) {
      var run = env.start(Tree.class, 5, StartOptions.withId("deep"));

      assertThatThrownBy(() -> env.result(run)).isInstanceOf(WorkflowFailure.class);
      String second = "deep:child-family.tree-0:child-family.tree-0";
      var failed = env.getRun(second);
      assertThat(failed.state()).isEqualTo(RunState.FAILED);
      assertThat(Nodes.join(env.journal().run(second)).failure().type())
          .isEqualTo(ChildDepthExceeded.class.getName());
      assertThat(env.journal().runIds()).doesNotContain(second + ":child-family.tree-0");
    }
  }

  @Test
  void anIdOptionNamesTheChildAndATakenIdFailsOnlyThatChild() {
    try (var env = env(null)) {
      env.start(Kid.class, "squatter", StartOptions.withId("o:kid0"));
      var run =
          env.start(
              Parent.class, new Brood(List.of("a", "b"), true, "kid"), StartOptions.withId("o"));

      assertThat(env.result(run)).startsWith("!failed:run id 'o:kid0' is taken").endsWith(",B<o");
      assertThat(env.getRun("o:kid1").state()).isEqualTo(RunState.COMPLETED);
    }
  }

  @Test
  void aChildThatContinuesAsNewKeepsItsParentWhichGetsTheFinalResult() {
    try (var env = env(null)) {
      var run = env.start(Parent.class, new Brood(List.of("loop-2")), StartOptions.withId("l"));

      assertThat(env.result(run)).isEqualTo("LOOPED@l:child-family.kid-0:cont-2");
      var outcome = (Event.ChildCompleted) env.history("l").get(2).event();
      assertThat(outcome.childId()).isEqualTo("l:child-family.kid-0");
      var tip = Nodes.join(env.journal().run("l:child-family.kid-0:cont-2"));
      assertThat(tip.parentId()).isEqualTo("l");
    }
  }

  @Test
  void aSuccessorInheritsUnawaitedChildrenAndCancellingItCancelsThem() {
    try (var env = env(null)) {
      env.start(Detach.class, 0, StartOptions.withId("d"));
      env.settle();
      String kid = "d:child-family.kid-0";
      assertThat(Nodes.join(env.journal().run("d")).state()).isEqualTo(RunState.CONTINUED);
      assertThat(env.getRun(kid).state()).isEqualTo(RunState.SUSPENDED);
      assertThat(Nodes.join(env.journal().run(kid)).parentId()).isEqualTo("d:cont-1");

      env.cancel("d");

      assertThat(env.getRun("d:cont-1").state()).isEqualTo(RunState.CANCELLED);
      assertThat(env.getRun(kid).state()).isEqualTo(RunState.CANCELLED);
    }
  }

  @Test
  void anInheritedChildsOutcomeIsConsumedWithoutDisturbingTheSuccessor() {
    try (var env = env(null)) {
      var run = env.start(Detach.class, 0, StartOptions.withId("e"));
      env.settle();
      env.injectSignal("e:child-family.kid-0", "go", "now");
      assertThat(env.getRun("e:child-family.kid-0").state()).isEqualTo(RunState.COMPLETED);
      assertThat(Nodes.join(env.journal().inbox("e:cont-1")).items()).isEmpty();

      env.injectSignal("e", "done", "fine");
      assertThat(env.result(run)).isEqualTo("fine");
      assertThat(types(env.history("e:cont-1")))
          .containsExactly(
              "1 run_started", "2 signal_awaited", "3 signal_received", "4 run_completed");
    }
  }
}
