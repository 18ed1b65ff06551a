package io.continuum.runtime.regression;

import static io.continuum.runtime.regression.Cluster.WAIT;
import static io.continuum.runtime.regression.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.runtime.regression.FaultJournal.Op;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, found by {@code load-tests/run timers}: when a burst had the pool full, the lease
 * releases of runs leaving memory failed and were left to the lease keeper, which renewed those
 * leases on every beat (it releases only runs with work waiting), so the runs stayed leased by a
 * node that no longer hosted them and the first wake of each waited two more beats. A failed
 * eviction release is retried, and after that again at the next idle sweeps, until it lands.
 */
class EvictionReleaseRegressionTest {

  public static final class Waits implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("go", String.class);
    }
  }

  @Test
  void aReleaseThatKeepsFailingIsTriedAgainUntilItLands() {
    try (var cluster = new Cluster()) {
      var a =
          cluster.start(
              "a",
              o -> o.withHostInstances(1).withIdleRelease(Duration.ofSeconds(10)),
              b -> b.workflow(Waits.class));
      join(a.engine.client().start(Waits.class, "x", StartOptions.withId("evicted")));
      a.journal.failBefore(Op.RELEASE, 6); // more than one eviction's retries

      cluster.clock.advance(Duration.ofSeconds(11));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (join(cluster.journal.run("evicted")).leaseOwner() != null) {
        assertThat(System.nanoTime()).as("the lease is given back").isLessThan(deadline);
        join(a.engine.tick()); // an idle sweep
        LockSupport.parkNanos(50_000_000);
      }
      assertThat(a.journal.calls(Op.RELEASE)).as("release calls").isGreaterThan(6);

      join(a.engine.client().signal("evicted", "go", "back"));
      cluster.tick();
      assertThat(join(a.engine.client().await("evicted", String.class, WAIT))).isEqualTo("back");
    }
  }
}
