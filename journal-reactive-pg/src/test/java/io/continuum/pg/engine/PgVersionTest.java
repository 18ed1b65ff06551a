package io.continuum.pg.engine;

import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.determinism.VersionHash;
import io.continuum.fixtures.Orders;
import io.continuum.pg.testing.PgTestDatabase;
import io.continuum.runtime.Engine;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Versions on Postgres: a run records the version it started on and resumes only on that code; a
 * node without it leaves the run suspended for one that has it; each node records what it loaded.
 */
class PgVersionTest {
  private static final Orders.Order ORDER = new Orders.Order("o-9", 100, "x@y");

  private static Engine.Builder activities(Engine.Builder b) {
    return b.activity(new Orders.ReserveStock())
        .activity(new Orders.ChargeCard())
        .activity(new Orders.Ship());
  }

  private static List<String> loaded(PgNodes nodes) throws Exception {
    var rows = new ArrayList<String>();
    try (var conn = PgTestDatabase.shared().connect(nodes.db);
        ResultSet r =
            conn.createStatement()
                .executeQuery(
                    "SELECT node, class_name FROM continuum_workflow_versions ORDER BY 1, 2")) {
      while (r.next()) {
        rows.add(r.getString(1) + " " + r.getString(2).replaceAll(".*\\$", ""));
      }
    }
    return rows;
  }

  @Test
  void aRunStartedOnV1WaitsOnAV2OnlyNodeAndCompletesOnANodeWithBoth() throws Exception {
    try (var nodes = new PgNodes()) {
      var v1 = nodes.start("v1", b -> activities(b.workflow(Orders.Checkout.class)));
      join(v1.engine.client().start(Orders.Checkout.class, ORDER, StartOptions.withId("co-9")));
      nodes.settle();
      var waiting = join(nodes.journal().history("co-9", 0));
      assertThat(join(nodes.journal().run("co-9")).versionHash())
          .isEqualTo(VersionHash.of(Orders.Checkout.class));
      v1.stop();

      var v2 = nodes.start("v2", b -> activities(b.workflow(Orders.ReorderedCheckout.class)));
      join(v2.engine.client().signal("co-9", "approval", new Orders.Approval("z")));
      nodes.settle();
      nodes.advance(Duration.ofMinutes(1));
      var row = join(nodes.journal().run("co-9"));
      assertThat(row.state()).isEqualTo(RunState.SUSPENDED);
      assertThat(row.leaseOwner()).isNull();
      assertThat(join(nodes.journal().history("co-9", 0))).isEqualTo(waiting);

      var both =
          nodes.start(
              "both",
              b ->
                  activities(
                      b.workflow(Orders.Checkout.class).workflow(Orders.ReorderedCheckout.class)));
      assertThat(loaded(nodes))
          .containsExactly(
              "both Checkout", "both ReorderedCheckout", "v1 Checkout", "v2 ReorderedCheckout");
      nodes.settle();
      nodes.advance(Duration.ofMinutes(10));
      assertThat(join(both.engine.client().getRun("co-9")).state()).isEqualTo(RunState.COMPLETED);
      assertThat(join(nodes.journal().history("co-9", 0)).subList(0, waiting.size()))
          .isEqualTo(waiting);
    }
  }
}
