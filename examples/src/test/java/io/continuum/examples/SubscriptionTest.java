package io.continuum.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.journal.RunRecord;
import io.continuum.testing.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
  private static final Duration DAY = Duration.ofDays(1);

  private final ChargePayment payments = new ChargePayment();

  private TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(Subscription.class)
        .activity(payments)
        .paranoid(true)
        .build();
  }

  @Test
  void chargesEveryPeriodAndContinuesAsNewEveryThreeCycles() throws Exception {
    try (var env = env()) {
      env.start(
          Subscription.class,
          SubscriptionState.start("ada", 999, DAY, 3, 7),
          StartOptions.withId("sub-1"));

      for (int day = 1; day <= 6; day++) {
        env.advance(DAY);
        assertThat(env.getRun("sub-1").state()).as("day " + day).isEqualTo(RunState.SUSPENDED);
      }
      env.advance(DAY);

      var tip = env.getRun("sub-1");
      assertThat(tip.runId()).isEqualTo("sub-1:cont-2");
      assertThat(tip.state()).isEqualTo(RunState.COMPLETED);
      assertThat(tip.continuedFrom()).isEqualTo("sub-1:cont-1");
      SubscriptionState end = awaitResult(env, "sub-1");
      assertThat(end.cyclesDone()).isEqualTo(7);
      assertThat(end.recentCharges()).hasSize(7).doesNotHaveDuplicates();
      assertThat(payments.charges()).isEqualTo(7);

      assertThat(env.journal().runIds()).containsExactly("sub-1", "sub-1:cont-1", "sub-1:cont-2");
      assertThat(record(env, "sub-1").state()).isEqualTo(RunState.CONTINUED);
      assertThat(record(env, "sub-1:cont-1").state()).isEqualTo(RunState.CONTINUED);
      assertThat(record(env, "sub-1:cont-1").continuedFrom()).isEqualTo("sub-1");
      assertThat(record(env, "sub-1:cont-2").continuedFrom()).isEqualTo("sub-1:cont-1");

      // each run's history holds at most cyclesPerRun cycles: as many waits and charges
      for (String run : List.of("sub-1", "sub-1:cont-1")) {
        assertThat(count(env, run, "signal_timed_out")).as(run).isEqualTo(3);
        assertThat(count(env, run, "activity_completed")).as(run).isEqualTo(3);
      }
      assertThat(count(env, "sub-1:cont-2", "activity_completed")).isEqualTo(1);
      assertThat(env.history("sub-1").get(env.history("sub-1").size() - 1).event())
          .isInstanceOf(Event.RunContinued.class);
    }
  }

  @Test
  void aPriceUpdateChangesTheNextChargesAndCarriesOverToTheSuccessor() throws Exception {
    try (var env = env()) {
      env.start(
          Subscription.class,
          SubscriptionState.start("ada", 999, DAY, 2, 4),
          StartOptions.withId("sub-3"));
      env.advance(DAY); // cycle 1 at 999

      assertThat(env.update("sub-3", Subscription.PRICE_UPDATE, 1299L, Long.class)).isEqualTo(999L);
      assertThatThrownBy(() -> env.update("sub-3", Subscription.PRICE_UPDATE, 0L, Long.class))
          .isInstanceOf(io.continuum.UpdateRejected.class)
          .hasMessageContaining("1 to 1,000,000");
      env.advance(DAY); // cycle 2 at 1299, then the run continues as new
      assertThat(env.getRun("sub-3").runId()).isEqualTo("sub-3:cont-1");
      env.advance(DAY);
      env.advance(DAY);

      SubscriptionState end = awaitResult(env, "sub-3");
      assertThat(end.cyclesDone()).isEqualTo(4);
      assertThat(end.amountCents()).isEqualTo(1299);
      // the charge input of each cycle: what it charged
      List<Long> charged = new java.util.ArrayList<>();
      for (String run : List.of("sub-3", "sub-3:cont-1")) {
        for (var h : env.history(run)) {
          if (h.event() instanceof Event.ActivityScheduled a) {
            Order order =
                a.input()
                    .decode(io.continuum.core.payload.JacksonPayloadCodec.create(), Order.class);
            charged.add(order.amountCents());
          }
        }
      }
      assertThat(charged).containsExactly(999L, 1299L, 1299L, 1299L);
    }
  }

  @Test
  void keepsOnlyTheLastTenCharges() {
    var state = SubscriptionState.start("ada", 999, DAY, 3, 0);
    for (int i = 1; i <= 12; i++) {
      state = state.charged("ch_" + i);
    }

    assertThat(state.cyclesDone()).isEqualTo(12);
    assertThat(state.recentCharges()).hasSize(10).startsWith("ch_3").endsWith("ch_12");
    assertThat(state.finished()).isFalse();
  }

  @Test
  void aCancelSentToTheFirstRunIdEndsTheChainEarly() throws Exception {
    try (var env = env()) {
      env.start(
          Subscription.class,
          SubscriptionState.start("ada", 999, DAY, 3, 0),
          StartOptions.withId("sub-2"));
      for (int day = 1; day <= 4; day++) {
        env.advance(DAY);
      }
      assertThat(env.getRun("sub-2").runId()).isEqualTo("sub-2:cont-1");

      env.injectSignal("sub-2", Subscription.CANCEL_SIGNAL, "moved away");

      var tip = env.getRun("sub-2");
      assertThat(tip.runId()).isEqualTo("sub-2:cont-1");
      assertThat(tip.state()).isEqualTo(RunState.COMPLETED);
      assertThat(tip.attributes())
          .containsEntry("status", "cancelled")
          .containsEntry("cyclesDone", 4)
          .containsEntry("customer", "ada");
      SubscriptionState end = awaitResult(env, "sub-2");
      assertThat(end.cyclesDone()).isEqualTo(4);
      assertThat(end.recentCharges()).hasSize(4);
      assertThat(payments.charges()).isEqualTo(4);

      // no more charges: the chain is over
      env.advance(DAY.multipliedBy(5));
      assertThat(env.journal().runIds()).containsExactly("sub-2", "sub-2:cont-1");
      assertThat(payments.charges()).isEqualTo(4);
    }
  }

  private static SubscriptionState awaitResult(TestEnvironment env, String runId) throws Exception {
    return env.client()
        .await(runId, SubscriptionState.class, Duration.ofSeconds(5))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static RunRecord record(TestEnvironment env, String runId) throws Exception {
    return env.journal()
        .run(runId)
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }

  private static long count(TestEnvironment env, String runId, String type) {
    return env.history(runId).stream()
        .map(HistoryEvent::event)
        .filter(e -> e.typeName().equals(type))
        .count();
  }
}
