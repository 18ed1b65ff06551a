package io.continuum.server;

import static io.continuum.pg.engine.PgNodes.join;
import static io.continuum.server.OrderRuns.run;
import static io.continuum.server.OrderRuns.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.RunState;
import io.continuum.determinism.VersionHash;
import io.continuum.fixtures.Orders;
import io.continuum.pg.engine.PgNodes;
import io.continuum.pg.testing.PgTestDatabase;
import io.continuum.server.fixture.CheckoutV2;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code continuum check-replay} on real open runs of the orders checkout on Postgres. */
class CheckReplayCommandTest {
  private static final String V1 = VersionHash.of(Orders.Checkout.class);
  private static final String V2 = VersionHash.of(CheckoutV2.class);

  @Test
  void flagsAReorderedActivitiesChangeOnRealOpenRuns() throws Exception {
    try (var nodes = new PgNodes()) {
      var a = OrderRuns.node(nodes, "a", Orders.Checkout.class);
      OrderRuns.start(nodes, a, Orders.Checkout.class, "co-1", "co-2", "co-3");
      a.stop();
      assertThat(OrderRuns.waiting(nodes, "co-1")).isTrue();

      String reordered = Orders.ReorderedCheckout.class.getName();
      var check =
          CliRunner.run(
              Map.of(),
              "check-replay",
              "--pg-url",
              url(nodes),
              "--workflow",
              "orders.checkout",
              "--class",
              reordered);
      assertThat(check.exitCode()).as(check.err()).isEqualTo(1);
      String drift = " at seq 2: expected activity 'ReserveStock' #0, got activity 'ChargeCard' #0";
      assertThat(check.lines())
          .containsExactly(
              "checking orders.checkout against "
                  + reordered
                  + " (version "
                  + VersionHash.of(Orders.ReorderedCheckout.class).substring(0, 12)
                  + "): open runs not on this version, newest first",
              "drift co-3" + drift,
              "drift co-2" + drift,
              "drift co-1" + drift,
              "replayed 3 runs: 0 clean, 3 drifted");
      for (String id : new String[] {"co-1", "co-2", "co-3"}) {
        assertThat(run(nodes, id).versionHash()).isEqualTo(V1);
        assertThat(run(nodes, id).state()).isEqualTo(RunState.SUSPENDED);
      }

      var json =
          CliRunner.run(
              Map.of(),
              "check-replay",
              "--pg-url",
              url(nodes),
              "--workflow",
              "orders.checkout",
              "--class",
              reordered,
              "--sample",
              "1",
              "--json");
      assertThat(json.exitCode()).as(json.err()).isEqualTo(1);
      JsonNode doc = new ObjectMapper().readTree(json.out());
      assertThat(doc.at("/replayed").asInt()).isEqualTo(1);
      assertThat(doc.at("/runs/0/runId").asText()).isEqualTo("co-3");
      assertThat(doc.at("/runs/0/result").asText()).isEqualTo("drift");
      assertThat(doc.at("/runs/0/seq").asInt()).isEqualTo(2);
      assertThat(doc.at("/runs/0/expected").asText()).isEqualTo("activity 'ReserveStock' #0");
      assertThat(doc.at("/runs/0/actual").asText()).isEqualTo("activity 'ChargeCard' #0");

      var same =
          CliRunner.run(
              Map.of(),
              "check-replay",
              "--pg-url",
              url(nodes),
              "--workflow",
              "orders.checkout",
              "--class",
              Orders.Checkout.class.getName(),
              "--all");
      assertThat(same.exitCode()).as(same.err()).isZero();
      assertThat(same.lines()).contains("ok co-1", "replayed 3 runs: 3 clean, 0 drifted");
    }
  }

  @Test
  void migrateMovesCleanRunsAndANodeWithOnlyTheNewVersionFinishesThem() throws Exception {
    try (var nodes = new PgNodes()) {
      var a = OrderRuns.node(nodes, "a", Orders.Checkout.class);
      OrderRuns.start(nodes, a, Orders.Checkout.class, "co-1", "co-2", "co-3");
      a.stop();
      // co-3 was parked as drifted (as by a node whose code had changed under it).
      PgTestDatabase.shared()
          .execute(
              nodes.db,
              "UPDATE continuum_runs SET state = 'drifted', drift = 'x' WHERE id = 'co-3'");
      var b = OrderRuns.node(nodes, "b", Orders.Checkout.class);
      OrderRuns.start(nodes, b, Orders.Checkout.class, "co-4");
      assertThat(run(nodes, "co-4").leaseOwner()).startsWith("b/");

      var check =
          CliRunner.run(
              Map.of(),
              "check-replay",
              "--pg-url",
              url(nodes),
              "--workflow",
              "orders.checkout",
              "--class",
              Orders.Checkout.class.getName(),
              "--class",
              CheckoutV2.class.getName(),
              "--migrate");
      assertThat(check.exitCode()).as(check.err()).isZero();
      assertThat(check.lines().subList(1, check.lines().size()))
          .containsExactly(
              "ok co-4",
              "skipped co-4: leased by " + run(nodes, "co-4").leaseOwner(),
              "ok co-3 (parked as drifted; it replays now)",
              "migrated co-3 (no longer parked: it resumes on a node with this version)",
              "ok co-2",
              "migrated co-2",
              "ok co-1",
              "migrated co-1",
              "replayed 4 runs: 4 clean, 0 drifted; migrated 3, skipped 1",
              "note: no node has loaded version "
                  + V2.substring(0, 12)
                  + " of orders.checkout yet: migrated runs wait for a node that has it");
      assertThat(run(nodes, "co-1").versionHash()).isEqualTo(V2);
      assertThat(run(nodes, "co-1").leaseOwner()).isNull();
      assertThat(run(nodes, "co-3").versionHash()).isEqualTo(V2);
      assertThat(run(nodes, "co-3").state()).isEqualTo(RunState.SUSPENDED);
      assertThat(run(nodes, "co-4").versionHash()).isEqualTo(V1);

      var c = OrderRuns.node(nodes, "c", CheckoutV2.class);
      for (String id : new String[] {"co-1", "co-3"}) {
        join(c.engine.client().signal(id, "approval", new Orders.Approval("ops")));
      }
      nodes.settle();
      nodes.advance(Duration.ofMinutes(10));
      for (String id : new String[] {"co-1", "co-3"}) {
        Orders.Receipt receipt =
            join(c.engine.client().await(id, Orders.Receipt.class, PgNodes.WAIT));
        assertThat(receipt.note()).isEqualTo("thank you, x@y");
        assertThat(receipt.approved()).isTrue();
      }
      assertThat(run(nodes, "co-2").state()).isEqualTo(RunState.SUSPENDED);
    }
  }

  @Test
  void unknownWorkflowTypesAndClassesAreUsageErrors() {
    String url = "postgresql://u@127.0.0.1:1/db";
    var type = CliRunner.run(Map.of(), "check-replay", "--pg-url", url, "--workflow", "nope");
    assertThat(type.exitCode()).isEqualTo(2);
    assertThat(type.err())
        .isEqualTo(
            "error: workflow type 'nope' is not one of the examples (orders.checkout,"
                + " orders.batch, orders.fulfil, orders.subscription): name its classes with"
                + " --class FQCN\n");

    var missing =
        CliRunner.run(
            Map.of(), "check-replay", "--pg-url", url, "--workflow", "x", "--class", "no.Such");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("error: --class: class no.Such is not on the classpath\n");

    var other =
        CliRunner.run(
            Map.of(),
            "check-replay",
            "--pg-url",
            url,
            "--workflow",
            "test.patchy",
            "--class",
            CheckoutV2.class.getName());
    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.err())
        .isEqualTo(
            "error: --class "
                + CheckoutV2.class.getName()
                + " implements workflow 'orders.checkout', not 'test.patchy'\n");

    var noType = CliRunner.run(Map.of(), "check-replay", "--pg-url", url);
    assertThat(noType.exitCode()).isEqualTo(2);
    assertThat(noType.err()).startsWith("error: Missing required option: '--workflow=TYPE'");
  }
}
