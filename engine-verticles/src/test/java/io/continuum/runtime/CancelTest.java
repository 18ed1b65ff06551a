package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.CancelledFailure;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.core.event.Event;
import io.continuum.testing.TestEnvironment;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CancelTest {

  public static final class Sleeper implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.sleep(Duration.ofDays(1));
      return in;
    }
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder().workflow(Sleeper.class).paranoid(true).build();
  }

  @Test
  void cancellingASleepingRunEndsItCancelledOnceAndASecondCancelIsANoOp() {
    try (var env = env()) {
      List<JsonObject> finished = new CopyOnWriteArrayList<>();
      env.vertx()
          .eventBus()
          .<JsonObject>consumer(Addresses.RUNS_FINISHED, m -> finished.add(m.body()));
      var run = env.start(Sleeper.class, "zzz");
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.SUSPENDED);

      env.cancel(run.runId());
      var afterFirst = env.history(run.runId());
      env.cancel(run.runId());

      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.CANCELLED);
      assertThat(env.history(run.runId())).isEqualTo(afterFirst);
      assertThat(afterFirst.get(afterFirst.size() - 1).event())
          .isInstanceOf(Event.RunCancelled.class);
      assertThatThrownBy(() -> env.result(run)).isInstanceOf(CancelledFailure.class);
      // the timer is gone with the run: a day later nothing fires
      env.advance(Duration.ofDays(2));
      assertThat(env.history(run.runId())).isEqualTo(afterFirst);
      env.settle();
      assertThat(finished).hasSize(1);
      assertThat(finished.get(0).getString("state")).isEqualTo("cancelled");
      assertThat(finished.get(0).getString("runId")).isEqualTo(run.runId());
    }
  }

  @Test
  void cancellingACompletedRunIsRejectedAndChangesNothing() {
    try (var env = env()) {
      var run = env.start(Sleeper.class, "zzz");
      env.result(run);
      var history = env.history(run.runId());

      assertThatThrownBy(() -> env.cancel(run.runId()))
          .isInstanceOfSatisfying(
              RunTerminal.class, t -> assertThat(t.state()).isEqualTo(RunState.COMPLETED));
      assertThat(env.history(run.runId())).isEqualTo(history);
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.COMPLETED);
    }
  }
}
