package io.continuum.server;

import static io.continuum.server.OrderRuns.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.determinism.VersionHash;
import io.continuum.fixtures.Orders;
import io.continuum.pg.engine.PgNodes;
import io.continuum.pg.testing.PgTestDatabase;
import io.continuum.server.fixture.CheckoutV2;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code continuum gc-versions}: a dry run first; never a pinned version or a node's newest. */
class GcVersionsCommandTest {
  private static final String V1 = VersionHash.of(Orders.Checkout.class);
  private static final String V2 = VersionHash.of(CheckoutV2.class);
  private static final String REORDERED = VersionHash.of(Orders.ReorderedCheckout.class);

  private static List<String> rows(PgNodes nodes) throws Exception {
    var rows = new ArrayList<String>();
    try (var conn = PgTestDatabase.shared().connect(nodes.db);
        ResultSet r =
            conn.createStatement()
                .executeQuery(
                    "SELECT node, version_hash FROM continuum_workflow_versions ORDER BY 1, 2")) {
      while (r.next()) {
        rows.add(r.getString(1) + " " + r.getString(2));
      }
    }
    return rows;
  }

  @Test
  void deletesOnlyUnpinnedVersionsNoNodeStartsRunsOn() throws Exception {
    try (var nodes = new PgNodes()) {
      // a: V1 (pinned by co-1) and V2, its newest. b: ReorderedCheckout (no runs) and V2.
      var a = OrderRuns.node(nodes, "a", Orders.Checkout.class, CheckoutV2.class);
      OrderRuns.start(nodes, a, Orders.Checkout.class, "co-1");
      OrderRuns.node(nodes, "b", Orders.ReorderedCheckout.class, CheckoutV2.class);
      var all = rows(nodes);
      assertThat(all).hasSize(4);

      var dryRun = CliRunner.run(Map.of(), "gc-versions", "--pg-url", url(nodes));
      assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
      assertThat(dryRun.lines())
          .containsExactly(
              "would delete orders.checkout@" + REORDERED + " (node b)",
              "dry run: 1 version row(s) are garbage; kept 3 (1 pinned by open runs, 2 newest of"
                  + " their node); add --execute to delete them");
      assertThat(rows(nodes)).isEqualTo(all);

      var gc = CliRunner.run(Map.of(), "gc-versions", "--pg-url", url(nodes), "--execute");
      assertThat(gc.exitCode()).as(gc.err()).isZero();
      assertThat(gc.lines())
          .containsExactly(
              "deleted orders.checkout@" + REORDERED + " (node b)",
              "deleted 1 version row(s); kept 3 (1 pinned by open runs, 2 newest of their node)");
      assertThat(rows(nodes)).containsExactlyInAnyOrder("a " + V1, "a " + V2, "b " + V2);

      var again = CliRunner.run(Map.of(), "gc-versions", "--pg-url", url(nodes), "--execute");
      assertThat(again.lines())
          .containsExactly(
              "deleted 0 version row(s); kept 3 (1 pinned by open runs, 2 newest of their node)");
    }
  }

  @Test
  void helpStatesTheRuleAndTheTopCommandListsTheNewCommands() {
    var help = CliRunner.run(Map.of(), "gc-versions", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out().replaceAll("\\s+", " "))
        .contains(
            "The rule: a row (workflow type, version, node) is garbage when no open run is"
                + " pinned to its workflow type and version")
        .contains("AND it is not the newest version its node registered for that type")
        .contains("a version pinned by an open run is never deleted");

    var top = CliRunner.run(Map.of(), "--help");
    assertThat(top.out()).contains("check-replay").contains("audit").contains("gc-versions");
  }
}
