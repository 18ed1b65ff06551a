package io.continuum.runtime.regression;

import static io.continuum.runtime.regression.Cluster.WAIT;
import static io.continuum.runtime.regression.Cluster.completesWithin;
import static io.continuum.runtime.regression.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.runtime.regression.FaultJournal.Op;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Review findings 3 and 4: what the dispatcher claims, and the timer wheel under a full load. */
class ClaimingRegressionTest {

  /** Waits for "go", then returns it. */
  public static final class Ghost implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("go", String.class);
    }
  }

  /** Something else to run. */
  public static final class Other implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return in;
    }
  }

  public static final class Sleep30 implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.sleep(Duration.ofSeconds(30));
      return in;
    }
  }

  // ---- finding 3 ----------------------------------------------------------------------------

  @Test
  void aRunOfAWorkflowTypeANodeLacksIsLeftForANodeThatHasIt() {
    try (var cluster = new Cluster()) {
      var other = cluster.start("other", b -> b.workflow(Ghost.class));
      join(other.engine.client().start(Ghost.class, "x", StartOptions.withId("ghost-1")));
      cluster.settle();
      other.kill(); // holds the lease until it expires

      var a = cluster.start("a", b -> b.workflow(Other.class));
      cluster.clock.advance(Duration.ofSeconds(31));
      join(a.engine.client().signal("ghost-1", "go", "hi")); // claimable now, for some node
      assertThat(completesWithin(a.engine.idle(), WAIT)).as("node a goes idle").isTrue();
      cluster.tick();
      int claims = a.journal.calls(Op.CLAIM_RUNNABLE);
      cluster.tick();
      assertThat(a.journal.calls(Op.CLAIM_RUNNABLE) - claims).isLessThanOrEqualTo(2);
      var record = join(cluster.journal.run("ghost-1"));
      assertThat(record.state()).isEqualTo(RunState.SUSPENDED);
      assertThat(record.leaseOwner()).doesNotStartWith("a/");

      var c = cluster.start("c", b -> b.workflow(Ghost.class));
      cluster.tick();
      assertThat(join(c.engine.client().await("ghost-1", String.class, WAIT))).isEqualTo("hi");
    }
  }

  // ---- finding 4 ----------------------------------------------------------------------------

  @Test
  void aFullLoadOfTimersNoneOfThemDueDoesNotSpinTheWheel() {
    try (var cluster = new Cluster()) {
      var a = cluster.start("a", b -> b.workflow(Sleep30.class));
      List<Future<?>> starts = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) { // the wheel loads at most 1,000 timers at a time
        starts.add(a.engine.client().start(Sleep30.class, "s" + i));
      }
      join(Future.all(starts), Duration.ofSeconds(20));
      assertThat(completesWithin(a.engine.idle(), WAIT)).as("node a goes idle").isTrue();
      join(a.engine.tick());
      int loads = a.journal.calls(Op.TIMERS_DUE);
      join(a.engine.tick());
      assertThat(completesWithin(a.engine.idle(), WAIT)).as("node a goes idle").isTrue();
      assertThat(a.journal.calls(Op.TIMERS_DUE) - loads).isLessThanOrEqualTo(2);
      assertThat(cluster.journal.nextDueAt()).isPresent();

      cluster.advance(Duration.ofSeconds(30));
      cluster.settle();
      assertThat(cluster.journal.runIds())
          .hasSize(1_000)
          .allSatisfy(
              id ->
                  assertThat(join(cluster.journal.run(id)).state()).isEqualTo(RunState.COMPLETED));
    }
  }
}
