package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.testing.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalTest {

  /** Waits for "a" then "b" then two "item"s. */
  public static final class Ordered implements Workflow<String, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, String in) {
      List<String> seen = new ArrayList<>();
      seen.add(ctx.awaitSignal("a", String.class));
      seen.add(ctx.awaitSignal("b", String.class));
      seen.add(ctx.awaitSignal("item", String.class));
      seen.add(ctx.awaitSignal("item", String.class));
      return seen;
    }
  }

  public static final class Deadline implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("answer", String.class, Duration.ofMinutes(10)).orElse("timed out");
    }
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(Ordered.class)
        .workflow(Deadline.class)
        .paranoid(true)
        .build();
  }

  @Test
  void outOfOrderSignalsWaitForTheirAwaitAndSameNamedOnesKeepArrivalOrder() {
    try (var env = env()) {
      var run = env.start(Ordered.class, "");
      env.injectSignal(run.runId(), "item", "first");
      env.injectSignal(run.runId(), "b", "B");
      env.injectSignal(run.runId(), "item", "second");
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.SUSPENDED);

      env.injectSignal(run.runId(), "a", "A");

      assertThat(env.result(run)).containsExactly("A", "B", "first", "second");
    }
  }

  @Test
  void aSignalBeforeTheTimeoutWinsAndTheTimerNeverFiresAfterwards() {
    try (var env = env()) {
      var run = env.start(Deadline.class, "");
      env.advance(Duration.ofMinutes(9));
      env.injectSignal(run.runId(), "answer", "42");

      assertThat(env.result(run)).isEqualTo("42");
      var types = env.history(run.runId()).stream().map(e -> e.event().typeName()).toList();
      assertThat(types)
          .containsExactly("run_started", "signal_awaited", "signal_received", "run_completed");
    }
  }

  @Test
  void theTimeoutFiresAtItsDeadlineAndNotBefore() {
    try (var env = env()) {
      var run = env.start(Deadline.class, "");
      env.advance(Duration.ofMinutes(10).minusMillis(1));
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.SUSPENDED);
      env.advance(Duration.ofMillis(1));
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.COMPLETED);
      assertThat(env.result(run)).isEqualTo("timed out");
    }
  }

  @Test
  void signallingAMissingOrFinishedRunIsRejected() {
    try (var env = env()) {
      assertThatThrownBy(() -> env.injectSignal("ghost", "a", "x")).isInstanceOf(RunNotFound.class);
      var run = env.start(Deadline.class, "");
      env.result(run);
      assertThatThrownBy(() -> env.injectSignal(run.runId(), "answer", "late"))
          .isInstanceOfSatisfying(
              RunTerminal.class, t -> assertThat(t.state()).isEqualTo(RunState.COMPLETED));
    }
  }
}
