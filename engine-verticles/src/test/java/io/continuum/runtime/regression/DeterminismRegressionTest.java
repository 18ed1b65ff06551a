package io.continuum.runtime.regression;

import static io.continuum.runtime.regression.Cluster.WAIT;
import static io.continuum.runtime.regression.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.SideEffectFailure;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.core.event.Event;
import io.continuum.core.payload.JacksonPayloadCodec;
import io.continuum.testing.TestEnvironment;
import io.continuum.testing.WorkflowReplayer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * Review findings 5, 6 and 7: what the first execution of workflow code sees must be what every
 * replay sees, on any host.
 */
class DeterminismRegressionTest {

  /**
   * A side effect whose producer throws, handled by the code (the failure is journaled and thrown
   * again on every replay as a SideEffectFailure), then a sleep (a second step).
   */
  public static final class CatchSideEffect implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      String v;
      try {
        v =
            ctx.sideEffect(
                "cfg",
                String.class,
                () -> {
                  throw new IllegalStateException("no config");
                });
      } catch (SideEffectFailure e) {
        v = "fallback";
      }
      ctx.sleep(Duration.ofSeconds(1));
      return v;
    }
  }

  /** A producer that calls the workflow context. */
  public static final class ContextInProducer implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      String v;
      try {
        v = ctx.sideEffect("nested", String.class, () -> "at " + ctx.now());
      } catch (IllegalStateException e) {
        v = "refused";
      }
      return v;
    }
  }

  public static final class Zoned implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ZonedDateTime z =
          ctx.sideEffect(
              "z",
              ZonedDateTime.class,
              () -> ZonedDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris")));
      return z.plusMonths(1).toInstant().toString();
    }
  }

  public static final class StartedAt implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.info().startedAt().toString();
    }
  }

  public static final class Echo implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return in;
    }
  }

  /**
   * Journals what startedAt() was on the first step (as an activity input), reads it again later.
   */
  public static final class StartedAtTwice implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      String first = ctx.activity(Echo.class, ctx.info().startedAt().toString());
      ctx.awaitSignal("go", String.class);
      return first + "|" + ctx.info().startedAt();
    }
  }

  // ---- finding 5 ----------------------------------------------------------------------------

  @Test
  void aSideEffectWhoseProducerThrowsLeavesNoGapAndTheRunReplaysOnItsNextStep() {
    try (var env =
        TestEnvironment.builder().workflow(CatchSideEffect.class).paranoid(true).build()) {
      var run = env.start(CatchSideEffect.class, "x");
      assertThat(env.result(run)).isEqualTo("fallback");
      assertThat(env.history(run.runId()))
          .filteredOn(e -> e.event() instanceof Event.ValueRecorded)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(((Event.ValueRecorded) e.event()).failure().type())
                      .isEqualTo(IllegalStateException.class.getName()));
      assertThatCode(
              () -> WorkflowReplayer.replay(env.historyJson(run.runId()), CatchSideEffect.class))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void usingTheContextInsideASideEffectProducerFailsTheRunWhateverTheCodeCatches() {
    try (var env =
        TestEnvironment.builder().workflow(ContextInProducer.class).paranoid(true).build()) {
      var run = env.start(ContextInProducer.class, "x");
      assertThatThrownBy(() -> env.result(run))
          .isInstanceOfSatisfying(
              io.continuum.WorkflowFailure.class,
              f -> {
                assertThat(f.failure().type()).isEqualTo(IllegalStateException.class.getName());
                assertThat(f.failure().message()).contains("inside a side-effect producer");
              });
      // neither the producer's value nor the time it asked for is journaled
      assertThat(env.history(run.runId())).noneMatch(e -> e.event() instanceof Event.ValueRecorded);
    }
  }

  // ---- finding 6 ----------------------------------------------------------------------------

  @Test
  void theFirstExecutionSeesAValueAsEveryReplayWillThroughJson() {
    try (var env = TestEnvironment.builder().workflow(Zoned.class).paranoid(true).build()) {
      var run = env.start(Zoned.class, "x");
      String live = env.result(run);
      assertThatCode(() -> WorkflowReplayer.replay(env.historyJson(run.runId()), Zoned.class))
          .doesNotThrowAnyException();
      // what a replay computes from the value as JSON gives it back
      var codec = JacksonPayloadCodec.create();
      ZonedDateTime original = ZonedDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris"));
      ZonedDateTime decoded = codec.encode(original).decode(codec, ZonedDateTime.class);
      assertThat(live).isEqualTo(decoded.plusMonths(1).toInstant().toString());
    }
  }

  // ---- finding 7 ----------------------------------------------------------------------------

  @Test
  void startedAtIsTheSameOnTheFirstExecutionAndOnReplay() {
    Instant start = Instant.parse("2026-01-01T00:00:00.000123Z"); // finer than milliseconds
    try (var env =
        TestEnvironment.builder().workflow(StartedAt.class).paranoid(true).startAt(start).build()) {
      var run = env.start(StartedAt.class, "x");
      String live = env.result(run);
      assertThatCode(() -> WorkflowReplayer.replay(env.historyJson(run.runId()), StartedAt.class))
          .doesNotThrowAnyException();
      assertThat(Instant.parse(live)).isBetween(start.minusMillis(1), start);
    }
  }

  @Test
  void startedAtIsTheSameOnEveryHost() {
    try (var cluster = new Cluster(Instant.parse("2026-01-01T00:00:00.000123Z"))) {
      var a = cluster.start("a", b -> b.workflow(StartedAtTwice.class).activity(new Echo()));
      join(a.engine.client().start(StartedAtTwice.class, "x", StartOptions.withId("sa-1")));
      cluster.settle();
      cluster.clock.advance(Duration.ofSeconds(5));
      a.stop(); // releases the run, which waits for "go"

      var b = cluster.start("b", x -> x.workflow(StartedAtTwice.class).activity(new Echo()));
      join(b.engine.client().signal("sa-1", "go", "now"));
      cluster.tick();
      String result = join(b.engine.client().await("sa-1", String.class, WAIT));
      String[] halves = result.split("\\|");
      assertThat(halves[1]).as("startedAt on host b").isEqualTo(halves[0]);
    }
  }
}
