package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.RunConflict;
import io.continuum.StartOptions;
import io.continuum.UnknownWorkflowType;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.testing.TestEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StartTest {

  @WorkflowType("waits")
  public static final class Waits implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return in + ":" + ctx.awaitSignal("go", String.class);
    }
  }

  public static final class Other implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.sleep(Duration.ofSeconds(1));
      return in;
    }
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(Waits.class)
        .workflow(Other.class)
        .workflow(
            WorkflowDefinition.of(
                "echo", String.class, String.class, (ctx, in) -> in.toUpperCase()))
        .paranoid(true)
        .build();
  }

  @Test
  void theSameIdAndInputReturnsTheExistingRun() {
    try (var env = env()) {
      var first = env.start(Waits.class, "a", StartOptions.withId("order-42"));
      var again = env.start(Waits.class, "a", StartOptions.withId("order-42"));

      assertThat(first.created()).isTrue();
      assertThat(again.created()).isFalse();
      assertThat(again.runId()).isEqualTo("order-42");
      assertThat(env.journal().runIds()).containsExactly("order-42");
      assertThat(env.history("order-42")).hasSize(2);
      env.injectSignal("order-42", "go", "now");
      assertThat(env.result(again)).isEqualTo("a:now");
    }
  }

  @Test
  void theSameIdWithAnotherInputOrTypeIsAConflictAndChangesNothing() {
    try (var env = env()) {
      env.start(Waits.class, "a", StartOptions.withId("order-42"));
      var before = env.history("order-42");

      assertThatThrownBy(() -> env.start(Waits.class, "b", StartOptions.withId("order-42")))
          .isInstanceOf(RunConflict.class)
          .hasMessageContaining("different input");
      assertThatThrownBy(() -> env.start(Other.class, "a", StartOptions.withId("order-42")))
          .isInstanceOf(RunConflict.class)
          .hasMessageContaining("workflow type 'waits'");
      assertThat(env.history("order-42")).isEqualTo(before);
    }
  }

  @Test
  void anUnknownWorkflowTypeStartsNothing() {
    try (var env = env()) {
      assertThatThrownBy(() -> env.start("nope", "x")).isInstanceOf(UnknownWorkflowType.class);
      assertThat(env.journal().runIds()).isEmpty();
    }
  }

  @Test
  void aWorkflowRegisteredAsALambdaRunsByName() {
    try (var env = env()) {
      var run = env.start("echo", "quiet");
      assertThat(env.result(run)).isEqualTo("QUIET");
    }
  }

  @Test
  void invalidIdsAndNamespacesAreRejectedBeforeAnythingStarts() {
    assertThatThrownBy(() -> StartOptions.withId("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StartOptions.withId("a/b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StartOptions.withId("x".repeat(201)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StartOptions.defaults().withNamespace("Bad NS"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
