package io.continuum.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.ReplayDriftError;
import io.continuum.RunHandle;
import io.continuum.fixtures.Orders;
import io.continuum.fixtures.Orders.Approval;
import io.continuum.fixtures.Orders.Checkout;
import io.continuum.fixtures.Orders.Order;
import io.continuum.fixtures.Orders.Receipt;
import io.continuum.fixtures.Orders.ReorderedCheckout;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckoutTestKitTest {
  private static final Order ORDER = new Order("o-1", 4200, "ada@example.com");

  private static TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(Checkout.class)
        .activity(new Orders.ReserveStock())
        .activity(new Orders.ChargeCard())
        .activity(new Orders.Ship())
        .paranoid(true)
        .build();
  }

  @Test
  void completesWithTimeSkippedWhenNoApprovalArrives() {
    try (var env = env()) {
      Instant start = env.now();
      Receipt receipt = env.startSynchronous(Checkout.class, ORDER);

      assertThat(receipt.approved()).isFalse();
      assertThat(receipt.shipment()).isEqualTo("shipped:reservation-o-1");
      assertThat(receipt.note()).isEqualTo("thanks, ada@example.com");
      // one hour of signal timeout and five minutes of sleep went by without any real waiting
      assertThat(receipt.at())
          .isEqualTo(start.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(5)));
      assertThat(env.now()).isEqualTo(receipt.at());
    }
  }

  @Test
  void anEarlySignalWaitsInTheMailboxAndIsConsumedByTheAwait() {
    try (var env = env()) {
      RunHandle<Receipt> run = env.start(Checkout.class, ORDER);
      env.injectSignal(run.runId(), "approval", new Approval("grace"));

      Receipt receipt = env.result(run);

      assertThat(receipt.approved()).isTrue();
      assertThat(receipt.at()).isEqualTo(TestEnvironment.DEFAULT_START.plus(Duration.ofMinutes(5)));
      assertThat(env.getRun(run.runId()).attributes()).containsEntry("approved", true);
      List<String> types =
          env.history(run.runId()).stream().map(e -> e.event().typeName()).toList();
      assertThat(types)
          .containsSubsequence(
              "signal_awaited", "signal_received", "attributes_set", "timer_started", "timer_fired")
          .doesNotContain("signal_timed_out");
    }
  }

  @Test
  void theRecordedHistoryReplaysAndAReorderedVersionDriftsAtTheFirstActivity() {
    try (var env = env()) {
      RunHandle<Receipt> run = env.start(Checkout.class, ORDER);
      env.result(run);
      String golden = env.historyJson(run.runId());

      WorkflowReplayer.replay(golden, Checkout.class);

      assertThatThrownBy(() -> WorkflowReplayer.replay(golden, ReorderedCheckout.class))
          .isInstanceOfSatisfying(
              ReplayDriftError.class,
              drift -> {
                assertThat(drift.seq()).isEqualTo(2);
                assertThat(drift.expected()).isEqualTo("activity 'ReserveStock' #0");
                assertThat(drift.actual()).isEqualTo("activity 'ChargeCard' #0");
              });
    }
  }

  @Test
  void theCommittedGoldenHistoryStillReplays() {
    WorkflowReplayer.replayResource("/golden/orders-checkout.json", Checkout.class);
  }
}
