package io.continuum.pg.engine;

import static io.continuum.fixtures.CrashedPayment.reset;
import static io.continuum.fixtures.CrashedPayment.shape;
import static io.continuum.pg.engine.PgNodes.WAIT;
import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.fixtures.CrashedPayment.Charge;
import io.continuum.fixtures.CrashedPayment.Pay;
import io.continuum.testing.TestEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node dies mid-activity on Postgres; another finishes the run once the dead node's leases expire
 * in database time. The attempt is repeated under the same idempotency key, and the history has the
 * shape of a clean run's.
 */
class PgCrashTest {

  @Test
  void aRunMidActivityOnAKilledNodeIsFinishedByAnotherNodeAfterLeaseExpiry() throws Exception {
    reset(true);
    List<HistoryEvent> crashed;
    try (var nodes = new PgNodes()) {
      var a = nodes.start("a", b -> b.workflow(Pay.class).activity(new Charge()));
      join(a.engine.client().start(Pay.class, "o-1", StartOptions.withId("pay-1")));
      assertThat(Charge.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

      a.kill(); // no lease released, its attempt never reports back
      Charge.release.countDown();
      var meters = new SimpleMeterRegistry();
      var b =
          nodes.start("b", x -> x.workflow(Pay.class).activity(new Charge()).meterRegistry(meters));
      nodes.tick();
      assertThat(join(nodes.journal().run("pay-1")).leaseOwner()).startsWith("a/"); // still a's

      nodes.advance(Duration.ofSeconds(31)); // run and task leases expire; b requeues and claims
      assertThat(meters.get("continuum.tasks.requeued").tag("node", "b").counter().count())
          .isEqualTo(1.0);
      nodes.advance(Duration.ofMinutes(1)); // the sleep

      assertThat(join(b.engine.client().await("pay-1", String.class, WAIT)))
          .startsWith("charged o-1 at ");
      assertThat(join(nodes.journal().run("pay-1")).state()).isEqualTo(RunState.COMPLETED);
      assertThat(Charge.ATTEMPTS).containsExactly("pay-1/2#1", "pay-1/2#2");
      crashed = join(nodes.journal().history("pay-1", 0));
      assertThat(((Event.ActivityCompleted) crashed.get(2).event()).attempts()).isEqualTo(2);
    }

    reset(false);
    try (var env = TestEnvironment.builder().workflow(Pay.class).activity(new Charge()).build()) {
      env.start(Pay.class, "o-1", StartOptions.withId("pay-1"));
      env.runToEnd("pay-1");
      assertThat(shape(env.history("pay-1"))).isEqualTo(shape(crashed));
    }
  }
}
