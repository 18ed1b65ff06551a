package io.continuum.runtime.regression;

import static io.continuum.runtime.regression.Cluster.WAIT;
import static io.continuum.runtime.regression.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 2: a claim that leased more activity tasks than it asked for made the worker
 * fail releasing a negative number of slots and drop tasks the journal had leased to it; they ran
 * only after their leases lapsed. Every task a claim returns must run at once.
 */
class OverClaimRegressionTest {

  /** Schedules one {@link Echo} and returns its result. */
  public static final class CallsEcho implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(Echo.class, in);
    }
  }

  public static final class Echo implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return in;
    }
  }

  @Test
  void everyTaskAClaimLeasedRunsEvenWhenItLeasedMoreThanAsked() {
    try (var cluster = new Cluster()) {
      var host = cluster.start("host", b -> b.workflow(CallsEcho.class));
      var worker =
          cluster.start(
              "worker", o -> o.withMaxConcurrentActivities(2), b -> b.activity(new Echo()));
      worker.journal.claimMoreThanAsked(3);
      List<String> ids = IntStream.range(0, 5).mapToObj(i -> "echo-" + i).toList();
      for (String id : ids) {
        join(host.engine.client().start(CallsEcho.class, id, StartOptions.withId(id)));
      }

      join(worker.engine.tick()); // one claim for 2 slots leases 5 tasks

      for (String id : ids) {
        assertThat(join(host.engine.client().await(id, String.class, WAIT))).isEqualTo(id);
      }
    }
  }
}
