package io.continuum.runtime.regression;

import static io.continuum.runtime.regression.Cluster.WAIT;
import static io.continuum.runtime.regression.Cluster.completesWithin;
import static io.continuum.runtime.regression.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.runtime.regression.FaultJournal.Op;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 5: a graceful stop whose lease release failed (a deadlock, a lost connection)
 * made {@code engine.undeploy()} fail. A stop retries the release with backoff, and completes even
 * when the database keeps refusing: the leases then lapse and other nodes take the runs.
 */
class GracefulStopRegressionTest {

  public static final class Waits implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("go", String.class);
    }
  }

  @Test
  void aStopRetriesAReleaseThatFailedAndReleasesEveryLease() {
    try (var cluster = new Cluster()) {
      var a = cluster.start("a", o -> o.withHostInstances(1), b -> b.workflow(Waits.class));
      List<String> ids = startWaiting(a, 20);
      a.journal.failBefore(Op.RELEASE, 2); // as a deadlock would, twice

      a.alive = false;
      Future<Void> stop = a.engine.undeploy();

      assertThat(completesWithin(stop, WAIT)).as("the stop completes").isTrue();
      assertThat(stop.succeeded()).as("the stop succeeds: " + stop.cause()).isTrue();
      for (String id : ids) {
        assertThat(join(cluster.journal.run(id)).leaseOwner()).as(id).isNull();
      }
      assertThat(a.journal.calls(Op.RELEASE)).isEqualTo(3);
    }
  }

  @Test
  void aStopCompletesEvenWhenEveryReleaseFails() {
    try (var cluster = new Cluster()) {
      var a = cluster.start("a", o -> o.withHostInstances(1), b -> b.workflow(Waits.class));
      List<String> ids = startWaiting(a, 5);
      a.journal.failBefore(Op.RELEASE, 100);

      a.alive = false;
      Future<Void> stop = a.engine.undeploy();

      assertThat(completesWithin(stop, WAIT)).as("the stop completes").isTrue();
      assertThat(stop.succeeded()).as("the stop succeeds: " + stop.cause()).isTrue();
      assertThat(join(cluster.journal.run(ids.get(0))).leaseOwner()).startsWith("a/");

      var b = cluster.start("b", x -> x.workflow(Waits.class));
      cluster.clock.advance(Duration.ofSeconds(31)); // the leases lapse
      join(b.engine.client().signal(ids.get(0), "go", "hi"));
      cluster.tick();
      assertThat(join(b.engine.client().await(ids.get(0), String.class, WAIT))).isEqualTo("hi");
    }
  }

  private static List<String> startWaiting(Cluster.Node node, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "stop-" + i;
      join(node.engine.client().start(Waits.class, "x", StartOptions.withId(id)));
      ids.add(id);
    }
    return ids;
  }
}
