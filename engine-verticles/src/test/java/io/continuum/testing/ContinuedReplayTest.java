package io.continuum.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.ReplayDriftError;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import org.junit.jupiter.api.Test;

/** The replayer on histories that end in {@code run_continued}: the successor's input counts. */
class ContinuedReplayTest {

  @WorkflowType("halving")
  public static final class Halving implements Workflow<Integer, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, Integer n) {
      return n <= 1 ? n : ctx.continueAsNew(n / 2);
    }
  }

  /** The same type, but it hands its successor another input. */
  @WorkflowType("halving")
  public static final class Thirding implements Workflow<Integer, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, Integer n) {
      return n <= 1 ? n : ctx.continueAsNew(n / 3);
    }
  }

  @Test
  void aContinuedLinkReplaysToTheSameSuccessorInputOrDrifts() {
    String json;
    try (var env = TestEnvironment.builder().workflow(Halving.class).paranoid(true).build()) {
      env.start(Halving.class, 12, StartOptions.withId("h"));
      assertThat(env.result(env.start(Halving.class, 12, StartOptions.withId("h")))).isEqualTo(1);
      json = env.historyJson("h");
      assertThat(json).contains("run_continued");
    }

    WorkflowReplayer.replay(json, Halving.class);
    assertThatThrownBy(() -> WorkflowReplayer.replay(json, Thirding.class))
        .isInstanceOf(ReplayDriftError.class)
        .hasMessageContaining("run_continued with 6")
        .hasMessageContaining("run_continued with 4");
  }
}
