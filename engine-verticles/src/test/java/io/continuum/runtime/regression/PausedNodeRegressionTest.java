package io.continuum.runtime.regression;

import static io.continuum.runtime.regression.Cluster.WAIT;
import static io.continuum.runtime.regression.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityOptions;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.runtime.regression.FaultJournal.Op;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 1, the corner the attempt matrix cannot pin down in one JVM: a host that lost
 * its run while a local attempt was finishing must pass the attempt's result on through the journal
 * (its task lease is still good), not drop it and leave the new owner waiting for the task lease to
 * lapse and the activity to run again.
 */
class PausedNodeRegressionTest {
  private static final Duration RUN_LEASE = Duration.ofMinutes(30);
  private static final Duration TASK_LEASE = Duration.ofHours(2);

  static final CompletableFuture<Void> started = new CompletableFuture<>();
  static final CompletableFuture<Void> release = new CompletableFuture<>();

  /** Runs {@link Held} once and returns its result. */
  public static final class OneHeld implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(Held.class, in, ActivityOptions.defaults().withMaxAttempts(3));
    }
  }

  /** Announces itself and returns once the test lets it. */
  public static final class Held implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) throws Exception {
      started.complete(null);
      release.get(WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
      return "attempt " + ctx.attempt();
    }
  }

  @Test
  void aResultHandedToAHostThatLosesTheRunMeanwhileReachesTheNewOwner() throws Exception {
    var meters = new SimpleMeterRegistry();
    try (var cluster = new Cluster()) {
      var a =
          cluster.start(
              "a",
              o -> o.withLeaseTtl(RUN_LEASE).withTaskLeaseTtl(TASK_LEASE),
              b -> b.workflow(OneHeld.class).activity(new Held()).meterRegistry(meters));
      var b =
          cluster.start(
              "b",
              o -> o.withLeaseTtl(RUN_LEASE).withTaskLeaseTtl(TASK_LEASE),
              x -> x.workflow(OneHeld.class).activity(new Held()));
      join(a.engine.client().start(OneHeld.class, "x", StartOptions.withId("moved")));
      started.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

      cluster.clock.advance(RUN_LEASE.plusMinutes(1)); // a paused past its run lease only
      var inboxReads = a.journal.hold(Op.INBOX, "moved"::equals, 1);
      join(b.engine.client().signal("moved", "poke", "x")); // wakes a; makes the run claimable
      var aLooks = inboxReads.next(WAIT); // a's step is reading the inbox: a still hosts it
      join(b.engine.tick());
      assertThat(join(cluster.journal.run("moved")).leaseOwner()).startsWith("b/");

      release.complete(null); // attempt 1 ends on a and is handed to a's host, busy reading
      Cluster.awaitCondition(
          "the result is handed over",
          () ->
              meters
                      .counter(
                          "continuum.activity.attempts",
                          "node",
                          "a",
                          "activity",
                          "Held",
                          "outcome",
                          "completed")
                      .count()
                  == 1);
      aLooks.release(); // a learns the run is b's now and lets it go

      assertThat(join(b.engine.client().await("moved", String.class, WAIT))).isEqualTo("attempt 1");
    }
  }
}
