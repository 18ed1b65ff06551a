package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.RunState;
import io.continuum.SuspendLeakError;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowFailure;
import io.continuum.core.event.Event;
import io.continuum.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

class SuspendLeakTest {

  public static final class Echo implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return in;
    }
  }

  /** Swallows the suspension and carries on with another effect. */
  public static final class Swallower implements Workflow<String, String> {
    @Override
    @SuppressWarnings("PMD")
    public String run(WorkflowContext ctx, String in) {
      String value = "none";
      try {
        value = ctx.activity(Echo.class, in);
      } catch (Throwable t) {
        // wrong on purpose
      }
      ctx.sideEffect("after", String.class, () -> "x");
      return value;
    }
  }

  /** Swallows the suspension and returns normally. */
  public static final class ReturnsAnyway implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.randomUUID();
      try {
        return ctx.activity(Echo.class, in);
      } catch (Throwable t) {
        return "swallowed";
      }
    }
  }

  /** Catching Exception is fine: the suspension is an Error and goes through. */
  public static final class CatchesException implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      try {
        return ctx.activity(Echo.class, in);
      } catch (Exception e) {
        return "never";
      }
    }
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(Swallower.class)
        .workflow(ReturnsAnyway.class)
        .workflow(CatchesException.class)
        .activity(new Echo())
        .build();
  }

  @Test
  void continuingAfterASwallowedSuspensionFailsTheRunAndJournalsNothingFromTheStep() {
    try (var env = env()) {
      var run = env.start(Swallower.class, "hi");

      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.FAILED);
      var events = env.history(run.runId()).stream().map(e -> e.event()).toList();
      assertThat(events).hasSize(2);
      assertThat(events.get(0)).isInstanceOf(Event.RunStarted.class);
      assertThat(((Event.RunFailed) events.get(1)).failure().type())
          .isEqualTo(SuspendLeakError.class.getName());
      assertThatThrownBy(() -> env.result(run))
          .isInstanceOfSatisfying(
              WorkflowFailure.class,
              f -> assertThat(f.failure().message()).contains("do not catch Throwable"));
    }
  }

  @Test
  void returningAfterASwallowedSuspensionFailsTheRunToo() {
    try (var env = env()) {
      var run = env.start(ReturnsAnyway.class, "hi");
      var events = env.history(run.runId()).stream().map(e -> e.event()).toList();
      assertThat(events).hasSize(2); // neither the uuid nor the activity of that step
      assertThat(((Event.RunFailed) events.get(1)).failure().type())
          .isEqualTo(SuspendLeakError.class.getName());
    }
  }

  @Test
  void catchingExceptionLetsTheSuspensionThrough() {
    try (var env = env()) {
      assertThat(env.startSynchronous(CatchesException.class, "hi")).isEqualTo("hi");
    }
  }
}
