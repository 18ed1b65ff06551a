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

  @Test
  void aNodeWhoseCodeNoLongerReplaysParksTheRunAsDriftedInsteadOfFailingIt() {
    try (var nodes = new Nodes()) {
      var v1 =
          nodes.start(
              "v1",
              b ->
                  b.workflow(Orders.Checkout.class)
                      .activity(new Orders.ReserveStock())
                      .activity(new Orders.ChargeCard())
                      .activity(new Orders.Ship()));
      Nodes.join(
          v1.engine
              .client()
              .start(
                  Orders.Checkout.class,
                  new Orders.Order("o-9", 100, "x@y"),
                  StartOptions.withId("co-9")));
      nodes.settle();
      var waiting = Nodes.join(nodes.journal.history("co-9", 0));
      v1.stop(); // graceful: releases the lease

      var v2 =
          nodes.start(
              "v2",
              b ->
                  b.workflow(Orders.ReorderedCheckout.class)
                      .activity(new Orders.ReserveStock())
                      .activity(new Orders.ChargeCard())
                      .activity(new Orders.Ship()));
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
