package io.continuum.server;

import static io.continuum.pg.engine.PgNodes.join;
import static io.continuum.server.OrderRuns.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.StartOptions;
import io.continuum.determinism.VersionHash;
import io.continuum.fixtures.Orders;
import io.continuum.pg.engine.PgNodes;
import io.continuum.server.fixture.CheckoutV2;
import io.continuum.server.fixture.Patchy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code continuum audit}: versions, runs per version, unknown versions, patch markers. */
class AuditCommandTest {
  private static final String V1 = VersionHash.of(Orders.Checkout.class);
  private static final String V2 = VersionHash.of(CheckoutV2.class);

  @Test
  void reportsVersionsRunsUnknownVersionsAndPatchMarkers() throws Exception {
    try (var nodes = new PgNodes()) {
      // Node "gone" ran co-9 on V2, then was redeployed without V2: no node has it any more.
      var gone = OrderRuns.node(nodes, "gone", CheckoutV2.class);
      OrderRuns.start(nodes, gone, CheckoutV2.class, "co-9");
      gone.stop();
      OrderRuns.node(nodes, "gone", Orders.Checkout.class).stop();

      var a = nodes.start("a", b -> b.workflow(Patchy.Before.class).workflow(Patchy.After.class));
      join(a.engine.client().start(Patchy.Before.class, "p", StartOptions.withId("p-1")));
      join(a.engine.client().start(Patchy.After.class, "p", StartOptions.withId("p-2")));
      join(a.engine.client().start(Patchy.After.class, "p", StartOptions.withId("p-3")));
      nodes.settle();

      var audit = CliRunner.run(Map.of(), "audit", "--pg-url", url(nodes));
      assertThat(audit.exitCode()).as(audit.err()).isZero();
      String before = VersionHash.of(Patchy.Before.class).substring(0, 12);
      String after = VersionHash.of(Patchy.After.class).substring(0, 12);
      assertThat(audit.out())
          .containsPattern(
              "(?m)^  a     test\\.patchy      " + before + "  .*Patchy\\$Before  \\S+Z$")
          .containsPattern("(?m)^  gone  orders\\.checkout  " + V1.substring(0, 12) + "  ")
          .doesNotContain("gone  orders.checkout  " + V2.substring(0, 12))
          .contains(
              "open runs per version\n"
                  + "  WORKFLOW         VERSION       RUNS  DRIFTED  LOADED BY\n"
                  + "  orders.checkout  "
                  + V2.substring(0, 12)
                  + "  1     0        no node (unknown version)\n"
                  + "  test.patchy      "
                  + (before.compareTo(after) < 0
                      ? before + "  1     0        a\n  test.patchy      " + after + "  2"
                      : after + "  2     0        a\n  test.patchy      " + before + "  1"))
          .contains(
              "runs waiting for an unknown version: 1\n"
                  + "  orders.checkout@"
                  + V2
                  + ": 1 run, newest co-9\n")
          .contains(
              "patch markers in open runs (scanned 4 of 4 open runs)\n"
                  + "  WORKFLOW     CHANGE  WITH  WITHOUT  VERDICT\n"
                  + "  test.patchy  x       2     1        in use\n");

      var strict = CliRunner.run(Map.of(), "audit", "--pg-url", url(nodes), "--strict");
      assertThat(strict.exitCode()).as(strict.err()).isEqualTo(1);

      // Once the run from before the patch is gone, the old branch is unreachable.
      join(a.engine.client().cancel("p-1"));
      join(a.engine.client().cancel("co-9"));
      nodes.settle();
      var json = CliRunner.run(Map.of(), "audit", "--pg-url", url(nodes), "--json", "--strict");
      assertThat(json.exitCode()).as(json.err()).isZero();
      JsonNode doc = new ObjectMapper().readTree(json.out());
      assertThat(doc.at("/runsWaitingForUnknownVersion").asLong()).isZero();
      assertThat(doc.at("/patchMarkers/0/workflow").asText()).isEqualTo("test.patchy");
      assertThat(doc.at("/patchMarkers/0/changeId").asText()).isEqualTo("x");
      assertThat(doc.at("/patchMarkers/0/withMarker").asLong()).isEqualTo(2);
      assertThat(doc.at("/patchMarkers/0/withoutMarker").asLong()).isZero();
      assertThat(doc.at("/patchMarkers/0/verdict").asText()).isEqualTo("deprecatable");
      assertThat(doc.at("/patchScan/complete").asBoolean()).isTrue();
      assertThat(doc.at("/loadedVersions").size()).isEqualTo(3);
      assertThat(doc.at("/openRuns/0/version").asText())
          .isEqualTo(VersionHash.of(Patchy.After.class));
    }
  }
}
