package io.continuum.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowInfo;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestKitTest {

  public static final class Napper implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      WorkflowInfo info = ctx.info();
      ctx.sleep(Duration.ofDays(3));
      ctx.sleep(Duration.ofDays(1));
      return info.runId()
          + "|"
          + info.workflowType()
          + "|"
          + info.namespace()
          + "|"
          + info.startedAt();
    }
  }

  public static final class Listener implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("word", String.class);
    }
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(Napper.class)
        .workflow(Listener.class)
        .startAt(Instant.parse("2030-05-01T08:00:00Z"))
        .build();
  }

  @Test
  void fireTimerMovesTimeToTheRunsNextTimerAndNoFurther() {
    try (var env = env()) {
      var run = env.start(Napper.class, "x", StartOptions.withId("nap").withNamespace("team-a"));

      assertThat(env.fireTimer("team-a/nap")).isTrue();
      assertThat(env.now()).isEqualTo(Instant.parse("2030-05-04T08:00:00Z"));
      assertThat(env.getRun("team-a/nap").state()).isEqualTo(RunState.SUSPENDED);
      assertThat(env.fireTimer("team-a/nap")).isTrue();
      assertThat(env.getRun("team-a/nap").state()).isEqualTo(RunState.COMPLETED);
      assertThat(env.fireTimer("team-a/nap")).isFalse();
      assertThat(env.result(run)).isEqualTo("nap|Napper|team-a|2030-05-01T08:00:00Z");
    }
  }

  @Test
  void advanceFiresOnlyWhatIsDue() {
    try (var env = env()) {
      env.start(Napper.class, "x", StartOptions.withId("nap"));
      env.advance(Duration.ofDays(3).minusSeconds(1));
      assertThat(env.history("nap")).hasSize(2);
      env.advance(Duration.ofSeconds(1));
      assertThat(env.history("nap")).hasSize(4);
    }
  }

  @Test
  void aRunWaitingForASignalIsReportedInsteadOfHanging() {
    try (var env = env()) {
      var run = env.start(Listener.class, "x");
      assertThatThrownBy(() -> env.result(run))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("waits for a signal");
      env.injectSignal(run.runId(), "word", "hi");
      assertThat(env.result(run)).isEqualTo("hi");
    }
  }
}
