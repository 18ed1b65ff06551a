package io.continuum.runtime;

import static io.continuum.runtime.Nodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityOptions;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.journal.CommitResult;
import io.continuum.journal.Journal;
import io.continuum.journal.StepCommit;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine's meters on the in-memory journal, with a settable clock: runs started and ended per
 * workflow type, step, replay and journal timings, activity attempts by outcome, timer lag,
 * dispatcher claims and lease renewals and losses, each counted by the node that did the work.
 */
class EngineMetricsTest {
  private static final String FLOW = "metrics.flow";
  private static final String FAILING = "metrics.failing";
  private static final String SLEEPER = "metrics.sleeper";
  private static final String ECHO = "metrics.echo";

  public static final class Greet implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String name) {
      return "hello " + name;
    }
  }

  public static final class Boom implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      throw new IllegalStateException("boom");
    }
  }

  /** An activity, a five-minute timer, then a signal. */
  @WorkflowType(FLOW)
  public static final class Flow implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      String greeting = ctx.activity(Greet.class, in);
      ctx.sleep(Duration.ofMinutes(5));
      return greeting + ctx.awaitSignal("go", String.class);
    }
  }

  /** Fails once its activity has failed twice. */
  @WorkflowType(FAILING)
  public static final class Failing implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(Boom.class, in, ActivityOptions.defaults().withMaxAttempts(2));
    }
  }

  @WorkflowType(SLEEPER)
  public static final class Sleeper implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.sleep(Duration.ofDays(1));
      return in;
    }
  }

  @WorkflowType(ECHO)
  public static final class Echo implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("go", String.class);
    }
  }

  private static Engine.Builder all(Engine.Builder b, SimpleMeterRegistry meters) {
    return b.workflow(Flow.class)
        .workflow(Failing.class)
        .workflow(Sleeper.class)
        .activity(new Greet())
        .activity(new Boom())
        .meterRegistry(meters);
  }

  @Test
  void runsStepsActivitiesAndTimersOfOneNodeAreCounted() {
    var meters = new SimpleMeterRegistry();
    try (var nodes = new Nodes()) {
      var a = nodes.start("a", b -> all(b, meters));
      var client = a.engine.client();

      join(client.start(Flow.class, "ann", StartOptions.withId("flow-1")));
      join(client.start(Flow.class, "ann", StartOptions.withId("flow-1"))); // a repeat
      nodes.settle();
      nodes.advance(Duration.ofMinutes(6)); // the timer fires a minute late; the keeper beats
      join(client.signal("flow-1", "go", "!"));
      assertThat(join(client.await("flow-1", String.class))).isEqualTo("hello ann!");

      join(client.start(Failing.class, "x", StartOptions.withId("fail-1")));
      nodes.settle();
      nodes.advance(Duration.ofMinutes(1)); // the retry's backoff
      assertThat(join(client.getRun("fail-1")).state()).isEqualTo(RunState.FAILED);

      join(client.start(Sleeper.class, "z", StartOptions.withId("sleep-1")));
      nodes.settle();
      join(client.cancel("sleep-1"));
      nodes.settle();

      assertThat(count(meters, "continuum.runs.started", "a", FLOW)).isEqualTo(1);
      assertThat(count(meters, "continuum.runs.started", "a", FAILING)).isEqualTo(1);
      assertThat(count(meters, "continuum.runs.started", "a", SLEEPER)).isEqualTo(1);
      assertThat(count(meters, "continuum.runs.completed", "a", FLOW)).isEqualTo(1);
      assertThat(count(meters, "continuum.runs.failed", "a", FAILING)).isEqualTo(1);
      assertThat(count(meters, "continuum.runs.cancelled", "a", SLEEPER)).isEqualTo(1);
      assertThat(count(meters, "continuum.runs.completed", "a", FAILING)).isZero();
      assertThat(count(meters, "continuum.runs.failed", "a", FLOW)).isZero();

      // start, activity result, timer, signal
      long steps =
          meters.get("continuum.step.latency").tags("node", "a", "workflow", FLOW).timer().count();
      assertThat(steps).isGreaterThanOrEqualTo(4);
      assertThat(
              meters
                  .get("continuum.replay.time")
                  .tags("node", "a", "workflow", FLOW)
                  .timer()
                  .count())
          .isGreaterThanOrEqualTo(steps);
      // flow: activity result, timer, signal; failing: its end; sleeper: its cancel
      assertThat(journal(meters, "a", "commit", "success").count()).isGreaterThanOrEqualTo(5);
      assertThat(journal(meters, "a", "start", "success").count()).isGreaterThanOrEqualTo(3);
      assertThat(journal(meters, "a", "fire_timers", "success").count()).isEqualTo(1);
      assertThat(journal(meters, "a", "fire_timer", "success").count()).isZero();
      assertThat(journal(meters, "a", "commit", "failure").count()).isZero();

      assertThat(attempts(meters, "Greet", "completed")).isEqualTo(1);
      assertThat(attempts(meters, "Boom", "retried")).isEqualTo(1);
      assertThat(attempts(meters, "Boom", "failed")).isEqualTo(1);
      assertThat(attempts(meters, "Boom", "completed")).isZero();
      assertThat(
              meters
                  .get("continuum.activity.latency")
                  .tags("node", "a", "activity", "Boom")
                  .timer()
                  .count())
          .isEqualTo(2);

      var lag = meters.get("continuum.timers.lag").tag("node", "a").timer();
      assertThat(lag.count()).isEqualTo(1);
      assertThat(lag.totalTime(TimeUnit.SECONDS)).isEqualTo(60.0);
      assertThat(meters.get("continuum.leases.renewed").tag("node", "a").counter().count())
          .isGreaterThanOrEqualTo(1);
      assertThat(meters.get("continuum.leases.lost").tag("node", "a").counter().count()).isZero();
    }
  }

  @Test
  void aRunTakenOverIsClaimedAndEndedByTheNodeThatDidIt() {
    var meters = new SimpleMeterRegistry();
    try (var nodes = new Nodes()) {
      var a = nodes.start("a", b -> all(b, meters));
      join(a.engine.client().start(Sleeper.class, "2", StartOptions.withId("sleep-2")));
      join(a.engine.client().start(Sleeper.class, "3", StartOptions.withId("sleep-3")));
      nodes.settle();
      a.stop(); // releases both leases

      var b = nodes.start("b", x -> all(x, meters));
      // unleased: the request waits in the journal; b claims the run and its code ends cancelled
      join(b.engine.client().cancel("sleep-3"));
      nodes.settle(); // the request's notice: b claims sleep-3 before its timer is due
      assertThat(join(b.engine.client().getRun("sleep-3")).state()).isEqualTo(RunState.CANCELLED);
      nodes.advance(Duration.ofDays(1)); // b fires sleep-2's timer, claims it and completes it
      assertThat(join(b.engine.client().await("sleep-2", String.class))).isEqualTo("2");

      assertThat(count(meters, "continuum.runs.started", "a", SLEEPER)).isEqualTo(2);
      assertThat(count(meters, "continuum.runs.started", "b", SLEEPER)).isZero();
      assertThat(count(meters, "continuum.runs.cancelled", "b", SLEEPER)).isEqualTo(1);
      assertThat(count(meters, "continuum.runs.completed", "b", SLEEPER)).isEqualTo(1);
      assertThat(count(meters, "continuum.runs.cancelled", "a", SLEEPER)).isZero();
      assertThat(count(meters, "continuum.runs.completed", "a", SLEEPER)).isZero();
      assertThat(meters.get("continuum.dispatcher.claims").tag("node", "b").counter().count())
          .isEqualTo(2);
      assertThat(meters.get("continuum.dispatcher.claims").tag("node", "a").counter().count())
          .isZero();
      assertThat(meters.get("continuum.timers.lag").tag("node", "b").timer().count()).isEqualTo(1);
      assertThat(journal(meters, "b", "cancel", "success").count()).isEqualTo(1);
      assertThat(journal(meters, "b", "claim_runnable", "success").count()).isPositive();
    }
  }

  @Test
  void aCommitFencedBecauseAnotherOwnerClaimedTheRunCountsALostLease() throws Exception {
    var meters = new SimpleMeterRegistry();
    try (var nodes = new Nodes()) {
      var gate = new CommitGate("echo-1");
      // an hour's lease, renewed every 20 minutes: no beat comes between the lapse and the claim
      var a =
          nodes.start(
              "a",
              b ->
                  b.journal(gate.wrap(nodes.journal))
                      .options(
                          EngineOptions.defaults()
                              .withNodeId("a")
                              .withPollInterval(Duration.ofHours(1))
                              .withLeaseTtl(Duration.ofHours(1))
                              .withHostInstances(2))
                      .workflow(Echo.class)
                      .meterRegistry(meters));
      join(a.engine.client().start(Echo.class, "", StartOptions.withId("echo-1")));
      nodes.settle();

      gate.armed = true;
      join(a.engine.client().signal("echo-1", "go", "x"));
      Runnable commit = gate.held.get(10, TimeUnit.SECONDS); // a's step waits to commit
      nodes.clock.advance(Duration.ofMinutes(61)); // a's lease lapses
      var intruder =
          join(
              nodes.journal.claimRunnable(
                  "intruder/x/1", List.of(ECHO), 10, Duration.ofSeconds(30), List.of()));
      assertThat(intruder).hasSize(1);
      commit.run();
      nodes.settle();

      assertThat(meters.get("continuum.leases.lost").tag("node", "a").counter().count())
          .isEqualTo(1);
      assertThat(journal(meters, "a", "commit", "failure").count()).isEqualTo(1);
      assertThat(count(meters, "continuum.runs.completed", "a", ECHO)).isZero();
    }
  }

  private static double count(
      SimpleMeterRegistry meters, String name, String node, String workflow) {
    return meters.get(name).tags("node", node, "workflow", workflow).counter().count();
  }

  private static double attempts(SimpleMeterRegistry meters, String activity, String outcome) {
    return meters
        .get("continuum.activity.attempts")
        .tags("node", "a", "activity", activity, "outcome", outcome)
        .counter()
        .count();
  }

  private static io.micrometer.core.instrument.Timer journal(
      SimpleMeterRegistry meters, String node, String op, String outcome) {
    RequiredSearch search =
        meters.get("continuum.journal.latency").tags("node", node, "op", op, "outcome", outcome);
    return search.timer();
  }

  /**
   * The shared journal, except that once armed, the next commit of one run waits until the test
   * runs the {@link Runnable} it hands over (on the committing context).
   */
  private static final class CommitGate {
    private final String runId;
    final CompletableFuture<Runnable> held = new CompletableFuture<>();
    volatile boolean armed;

    CommitGate(String runId) {
      this.runId = runId;
    }

    Journal wrap(Journal shared) {
      return (Journal)
          Proxy.newProxyInstance(
              Journal.class.getClassLoader(),
              new Class<?>[] {Journal.class},
              (proxy, method, args) -> {
                if (armed
                    && method.getName().equals("commit")
                    && ((StepCommit) args[0]).runId().equals(runId)
                    && !held.isDone()) {
                  Promise<CommitResult> answer = Promise.promise();
                  Context context = Vertx.currentContext();
                  held.complete(
                      () ->
                          context.runOnContext(
                              v -> shared.commit((StepCommit) args[0]).onComplete(answer)));
                  return answer.future();
                }
                try {
                  return method.invoke(shared, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }
}
