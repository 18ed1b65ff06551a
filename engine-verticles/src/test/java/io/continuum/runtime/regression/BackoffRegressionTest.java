package io.continuum.runtime.regression;

import static io.continuum.runtime.regression.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.runtime.regression.FaultJournal.Op;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, the guard for defect 4's kind: while the database refuses, a burst of notices must not
 * turn into a burst of claims. Each failed claim round delays the next (100 ms, doubling).
 */
class BackoffRegressionTest {

  public static final class Waits implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("go", String.class);
    }
  }

  @Test
  void aBurstOfNoticesWhileClaimsFailCostsAFewClaimsNotOneEach() {
    try (var cluster = new Cluster()) {
      var gone = cluster.start("gone", b -> b.workflow(Waits.class));
      join(gone.engine.client().start(Waits.class, "x", StartOptions.withId("orphan")));
      cluster.settle();
      gone.stop(); // released: every signal now asks some node to claim the run

      var a = cluster.start("a", b -> b.workflow(Waits.class));
      a.journal.failBefore(Op.CLAIM_RUNNABLE, 10_000);
      int before = a.journal.calls(Op.CLAIM_RUNNABLE);
      List<Future<Void>> signals = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        signals.add(a.engine.client().signal("orphan", "noise", i));
      }
      join(Future.all(signals));

      assertThat(a.journal.calls(Op.CLAIM_RUNNABLE) - before)
          .as("claims while 300 notices arrived and every claim failed")
          .isLessThanOrEqualTo(8);
    }
  }
}
