package io.continuum.runtime;

import static io.continuum.fixtures.CrashedPayment.reset;
import static io.continuum.fixtures.CrashedPayment.shape;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.fixtures.CrashedPayment.Charge;
import io.continuum.fixtures.CrashedPayment.Pay;
import io.continuum.fixtures.Orders;
import io.continuum.testing.TestEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NodeFailureTest {

  @Test
  void aRunMidActivityOnAKilledNodeIsFinishedByAnotherNodeAfterLeaseExpiry() throws Exception {
    reset(true);
    List<HistoryEvent> crashed;
    try (var nodes = new Nodes()) {
      var a = nodes.start("a", b -> b.workflow(Pay.class).activity(new Charge()));
      Nodes.join(a.engine.client().start(Pay.class, "o-1", StartOptions.withId("pay-1")));
      assertThat(Charge.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

      a.kill(); // no lease released, its attempt never reports back
      Charge.release.countDown();
      var meters = new SimpleMeterRegistry();
      var b =
          nodes.start("b", x -> x.workflow(Pay.class).activity(new Charge()).meterRegistry(meters));
      nodes.settle();
      assertThat(Nodes.join(nodes.journal.run("pay-1")).leaseOwner()).startsWith("a/"); // still a's

      nodes.advance(Duration.ofSeconds(31)); // run and task leases expire; b requeues and claims
      assertThat(meters.get("continuum.tasks.requeued").tag("node", "b").counter().count())
          .isEqualTo(1.0);
      nodes.advance(Duration.ofMinutes(1)); // the sleep

      var record = Nodes.join(nodes.journal.run("pay-1"));
      assertThat(record.state()).isEqualTo(RunState.COMPLETED);
      assertThat(Nodes.join(b.engine.client().await("pay-1", String.class)))
          .startsWith("charged o-1 at ");
      assertThat(Charge.ATTEMPTS).containsExactly("pay-1/2#1", "pay-1/2#2");
      crashed = Nodes.join(nodes.journal.history("pay-1", 0));
      assertThat(((Event.ActivityCompleted) crashed.get(2).event()).attempts()).isEqualTo(2);
    }

    reset(false);
    try (var env = TestEnvironment.builder().workflow(Pay.class).activity(new Charge()).build()) {
      env.start(Pay.class, "o-1", StartOptions.withId("pay-1"));
      env.runToEnd("pay-1");
      assertThat(shape(env.history("pay-1"))).isEqualTo(shape(crashed));
    }
  }

  private static final Orders.Order ORDER = new Orders.Order("o-9", 100, "x@y");

  private static io.continuum.runtime.Engine.Builder activities(
      io.continuum.runtime.Engine.Builder b) {
    return b.activity(new Orders.ReserveStock())
        .activity(new Orders.ChargeCard())
        .activity(new Orders.Ship());
  }

  @Test
  void aRunWaitsForANodeWithItsVersionAndFinishesOnIt() {
    try (var nodes = new Nodes()) {
      var v1 = nodes.start("v1", b -> activities(b.workflow(Orders.Checkout.class)));
      Nodes.join(
          v1.engine.client().start(Orders.Checkout.class, ORDER, StartOptions.withId("co-9")));
      nodes.settle();
      var waiting = Nodes.join(nodes.journal.history("co-9", 0));
      assertThat(Nodes.join(nodes.journal.run("co-9")).versionHash())
          .isEqualTo(io.continuum.determinism.VersionHash.of(Orders.Checkout.class));
      v1.stop(); // graceful: releases the lease

      // Only the new code here: the run is not claimed, not drifted, not failed; it waits.
      var v2 = nodes.start("v2", b -> activities(b.workflow(Orders.ReorderedCheckout.class)));
      Nodes.join(v2.engine.client().signal("co-9", "approval", new Orders.Approval("z")));
      nodes.settle();
      var row = Nodes.join(nodes.journal.run("co-9"));
      assertThat(row.state()).isEqualTo(RunState.SUSPENDED);
      assertThat(row.leaseOwner()).isNull();
      assertThat(Nodes.join(nodes.journal.history("co-9", 0))).isEqualTo(waiting);
      // New runs of the type start on the newest code this node has.
      var fresh =
          Nodes.join(
              v2.engine
                  .client()
                  .start(Orders.ReorderedCheckout.class, ORDER, StartOptions.withId("co-10")));
      assertThat(Nodes.join(nodes.journal.run(fresh.runId())).versionHash())
          .isEqualTo(io.continuum.determinism.VersionHash.of(Orders.ReorderedCheckout.class));

      // A node with both versions finishes it on the code it started on.
      var both =
          nodes.start(
              "both",
              b ->
                  activities(
                      b.workflow(Orders.Checkout.class).workflow(Orders.ReorderedCheckout.class)));
      nodes.settle();
      nodes.advance(Duration.ofMinutes(10));
      nodes.settle();
      var done = Nodes.join(both.engine.client().getRun("co-9"));
      assertThat(done.state()).isEqualTo(RunState.COMPLETED);
      assertThat(Nodes.join(nodes.journal.history("co-9", 0)).subList(0, waiting.size()))
          .isEqualTo(waiting);
    }
  }

  @Test
  void anUnversionedDefinitionWhoseCodeNoLongerReplaysParksTheRunAsDrifted() {
    // Lambda definitions have no class file to hash: their runs resume on any node with the type,
    // so changed code meets old histories, and the replay's drift check is what protects them.
    io.continuum.Workflow<Orders.Order, Orders.Receipt> original =
        (ctx, in) -> new Orders.Checkout().run(ctx, in);
    io.continuum.Workflow<Orders.Order, Orders.Receipt> reordered =
        (ctx, in) -> new Orders.ReorderedCheckout().run(ctx, in);
    try (var nodes = new Nodes()) {
      var v1 =
          nodes.start(
              "v1",
              b ->
                  activities(
                      b.workflow(
                          io.continuum.core.replay.WorkflowDefinition.of(
                              "orders.checkout",
                              Orders.Order.class,
                              Orders.Receipt.class,
                              original))));
      Nodes.join(v1.engine.client().start("orders.checkout", ORDER, StartOptions.withId("co-9")));
      nodes.settle();
      var waiting = Nodes.join(nodes.journal.history("co-9", 0));
      assertThat(Nodes.join(nodes.journal.run("co-9")).versionHash()).isNull();
      v1.stop();

      var v2 =
          nodes.start(
              "v2",
              b ->
                  activities(
                      b.workflow(
                          io.continuum.core.replay.WorkflowDefinition.of(
                              "orders.checkout",
                              Orders.Order.class,
                              Orders.Receipt.class,
                              reordered))));
      Nodes.join(v2.engine.client().signal("co-9", "approval", new Orders.Approval("z")));
      nodes.settle();

      var d = Nodes.join(v2.engine.client().getRun("co-9"));
      assertThat(d.state()).isEqualTo(RunState.DRIFTED);
      assertThat(d.drift())
          .contains("seq 2")
          .contains("activity 'ReserveStock' #0")
          .contains("activity 'ChargeCard' #0");
      assertThat(Nodes.join(nodes.journal.history("co-9", 0))).isEqualTo(waiting);
      assertThat(Nodes.join(nodes.journal.run("co-9")).leaseOwner()).isNull();
      // parked: nobody claims it again, and what arrives (the signal, the timeout's firing) waits
      // in its inbox for code that replays
      nodes.advance(Duration.ofHours(2));
      assertThat(Nodes.join(nodes.journal.run("co-9")).state()).isEqualTo(RunState.DRIFTED);
      assertThat(Nodes.join(nodes.journal.history("co-9", 0))).isEqualTo(waiting);
      assertThat(Nodes.join(nodes.journal.inbox("co-9")).items())
          .extracting(i -> i.getClass().getSimpleName())
          .containsExactly("Signal", "TimerFired");
    }
  }
}
