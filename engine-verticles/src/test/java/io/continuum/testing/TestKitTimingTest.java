package io.continuum.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.ExecutionTimeoutFailure;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.runtime.Addresses;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, items 8 and 9: start delays and execution timeouts in the test kit, on its settable
 * clock, with paranoid re-replay of every finished run (a timed-out run replays to a wait).
 */
class TestKitTimingTest {
  private static final Instant T0 = Instant.parse("2030-05-01T08:00:00Z");

  /** Collects "add" signals until "done"; says when its first step ran. */
  public static final class Collect implements Workflow<String, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, String in) {
      List<String> got = new ArrayList<>(List.of(ctx.info().startedAt().toString()));
      for (String s = ctx.awaitSignal("add", String.class);
          !s.equals("done");
          s = ctx.awaitSignal("add", String.class)) {
        got.add(s);
      }
      return got;
    }
  }

  /** Sleeps an hour, then continues as new, forever. */
  public static final class Forever implements Workflow<Integer, Void> {
    @Override
    public Void run(WorkflowContext ctx, Integer n) {
      ctx.sleep(Duration.ofHours(1));
      return ctx.continueAsNew(n + 1);
    }
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(Collect.class)
        .workflow(Forever.class)
        .startAt(T0)
        .paranoid(true)
        .build();
  }

  @Test
  void aDelayedRunStartsWhenTheClockReachesItsStartWithTheSignalsItGotMeanwhile() {
    try (var env = env()) {
      var run =
          env.start(
              Collect.class,
              "x",
              StartOptions.withId("later").withStartDelay(Duration.ofMinutes(45)));
      assertThat(env.getRun("later").state()).isEqualTo(RunState.PENDING);
      assertThat(env.getRun("later").startAt()).isEqualTo(T0.plus(Duration.ofMinutes(45)));
      env.injectSignal("later", "add", "early");
      env.advance(Duration.ofMinutes(44));
      assertThat(env.getRun("later").state()).isEqualTo(RunState.PENDING);
      assertThat(env.history("later")).hasSize(1);

      env.advance(Duration.ofMinutes(1));
      assertThat(env.getRun("later").state()).isEqualTo(RunState.SUSPENDED);
      env.injectSignal("later", "add", "done");
      assertThat(env.result(run)).containsExactly("2030-05-01T08:45:00Z", "early");
    }
  }

  @Test
  void aDelayedRunCancelledBeforeItsStartReplaysInParanoidMode() {
    try (var env = env()) {
      env.start(
          Collect.class, "x", StartOptions.withId("never").withStartDelay(Duration.ofHours(1)));
      env.cancel("never");
      assertThat(env.runToEnd("never").state()).isEqualTo(RunState.CANCELLED);
      assertThat(env.history("never")).hasSize(2);
    }
  }

  @Test
  void aDelayedRunIsAnnouncedPendingWhenCreatedAndFromSeqTwoWhenItStarts() throws Exception {
    try (var env = env()) {
      BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
      env.vertx()
          .eventBus()
          .<JsonObject>consumer(Addresses.RUNS_EVENTS, m -> events.add(m.body()))
          .completion()
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      env.start(
          Collect.class, "x", StartOptions.withId("announced").withStartDelay(Duration.ofHours(1)));
      JsonObject created = events.poll(10, TimeUnit.SECONDS);
      assertThat(created).isNotNull();
      assertThat(created.getString("state")).isEqualTo("pending");
      assertThat(created.getInteger("fromSeq")).isEqualTo(1);
      assertThat(created.getJsonArray("types")).containsExactly("run_started");

      env.advance(Duration.ofHours(1));
      JsonObject first = events.poll(10, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.getString("state")).isEqualTo("suspended");
      assertThat(first.getInteger("fromSeq")).isEqualTo(2);
    }
  }

  @Test
  void resultSkipsToTheDeadlineOfAChainThatNeverEnds() {
    try (var env = env()) {
      var run =
          env.start(
              Forever.class,
              0,
              StartOptions.withId("forever").withExecutionTimeout(Duration.ofMinutes(150)));
      // Two hours and a half: two successors, then the chain's deadline (not a fresh one).
      assertThatThrownBy(() -> env.result(run))
          .isInstanceOf(ExecutionTimeoutFailure.class)
          .hasMessageContaining("execution_timeout");
      assertThat(env.now()).isEqualTo(T0.plus(Duration.ofMinutes(150)));
      assertThat(env.getRun("forever").state()).isEqualTo(RunState.FAILED); // the chain's tip
      assertThat(env.getRun("forever").continuedFrom()).isNotNull();
    }
  }

  @Test
  void aDelayedRunWithATimeoutTimesOutCountingFromItsStart() {
    try (var env = env()) {
      env.start(
          Collect.class,
          "x",
          StartOptions.withId("both")
              .withStartDelay(Duration.ofHours(1))
              .withExecutionTimeout(Duration.ofHours(2)));
      var end = env.runToEnd("both");
      assertThat(end.state()).isEqualTo(RunState.FAILED);
      assertThat(end.failure().type()).isEqualTo(ExecutionTimeoutFailure.TYPE);
      assertThat(env.now()).isEqualTo(T0.plus(Duration.ofHours(3)));
    }
  }
}
