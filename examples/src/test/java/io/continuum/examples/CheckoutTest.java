package io.continuum.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.CancelledFailure;
import io.continuum.RunDescription;
import io.continuum.RunHandle;
import io.continuum.RunQuery;
import io.continuum.RunState;
import io.continuum.WorkflowFailure;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CheckoutTest {
  private static final Instant START = TestEnvironment.DEFAULT_START;
  private static final Order ORDER =
      new Order("o-1", "ada", 4200, List.of("book", "lamp"), null, Duration.ofSeconds(10));

  private final ChargePayment payments = new ChargePayment();
  private final RefundPayment refunds = new RefundPayment();

  private TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(Checkout.class)
        .activity(payments)
        .activity(refunds)
        .activity(new ShipOrder())
        .paranoid(true)
        .build();
  }

  @Test
  void anApprovedOrderShipsWhenTheShippingTimerFires() {
    try (var env = env()) {
      RunHandle<Receipt> run = env.start(Checkout.class, ORDER);
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.SUSPENDED);
      assertThat(env.getRun(run.runId()).attributes())
          .containsEntry("status", "awaiting_approval")
          .containsEntry("customer", "ada")
          .containsEntry("orderId", "o-1");

      env.injectSignal(run.runId(), Checkout.APPROVAL_SIGNAL, new Approval(true, "alice"));
      assertThat(env.getRun(run.runId()).attributes()).containsEntry("status", "approved");
      env.advance(Duration.ofSeconds(9));
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.SUSPENDED);
      assertThat(scheduled(env, run.runId())).containsExactly(OrdersExample.CHARGE_PAYMENT);

      env.advance(Duration.ofSeconds(1));
      RunDescription done = env.getRun(run.runId());
      assertThat(done.state()).isEqualTo(RunState.COMPLETED);
      assertThat(done.attributes())
          .containsEntry("status", "shipped")
          .containsEntry("approvedBy", "alice");
      Receipt receipt = env.result(run);
      assertThat(receipt.orderId()).isEqualTo("o-1");
      assertThat(receipt.status()).isEqualTo(Receipt.SHIPPED);
      assertThat(receipt.chargeId()).startsWith("ch_");
      assertThat(receipt.trackingNumber()).isEqualTo(new ShipOrder().execute(null, ORDER));
      assertThat(receipt.at()).isEqualTo(START.plusSeconds(10));
      assertThat(scheduled(env, run.runId()))
          .containsExactly(OrdersExample.CHARGE_PAYMENT, OrdersExample.SHIP_ORDER);
      assertThat(types(env, run.runId())).contains("timer_started", "timer_fired");
      assertThat(payments.charges()).isEqualTo(1);
      assertThat(refunds.refunds()).isZero();
      assertThat(types(env, run.runId())).doesNotContain("compensation_scheduled");
    }
  }

  @Test
  void theChargeIdDependsOnTheOrderOnly() {
    try (var env = env()) {
      var first = env.start(Checkout.class, ORDER);
      var second = env.start(Checkout.class, ORDER);
      env.injectSignal(first.runId(), Checkout.APPROVAL_SIGNAL, new Approval(true, "a"));
      env.injectSignal(second.runId(), Checkout.APPROVAL_SIGNAL, new Approval(true, "a"));

      assertThat(env.result(first).chargeId()).isEqualTo(env.result(second).chargeId());
      // two runs schedule two payments: two idempotency keys, two charges on the gateway
      assertThat(payments.charges()).isEqualTo(2);
    }
  }

  @Test
  void aRejectedOrderIsRefundedAndDoesNotShip() {
    try (var env = env()) {
      RunHandle<Receipt> run = env.start(Checkout.class, ORDER);
      env.injectSignal(run.runId(), Checkout.APPROVAL_SIGNAL, new Approval(false, "bob"));

      Receipt receipt = env.result(run);
      assertThat(receipt.status()).isEqualTo(Receipt.REFUNDED);
      assertThat(receipt.chargeId()).startsWith("ch_");
      assertThat(receipt.trackingNumber()).isNull();
      assertThat(receipt.at()).isEqualTo(START);
      assertThat(scheduled(env, run.runId())).containsExactly(OrdersExample.CHARGE_PAYMENT);
      assertThat(types(env, run.runId())).doesNotContain("timer_started");
      assertThat(env.getRun(run.runId()).attributes()).containsEntry("status", "refunded");
      // the charge's compensation refunded exactly the charge the receipt names
      assertThat(types(env, run.runId()))
          .containsSubsequence(
              "signal_received",
              "compensation_scheduled",
              "compensation_completed",
              "run_completed");
      var refund =
          env.history(run.runId()).stream()
              .map(HistoryEvent::event)
              .filter(e -> e instanceof Event.CompensationScheduled)
              .map(Event.CompensationScheduled.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(refund.id().name()).isEqualTo(OrdersExample.REFUND_PAYMENT);
      assertThat(refund.compensates()).isEqualTo(3);
      assertThat(refund.input().json())
          .isEqualTo(("\"" + receipt.chargeId() + "\"").getBytes(StandardCharsets.UTF_8));
      assertThat(refunds.refunds()).isEqualTo(1);
    }
  }

  @Test
  void noApprovalWithinTheTimeoutRejectsTheOrder() {
    var order = new Order("o-2", "ada", 990, List.of("pen"), Duration.ofMinutes(30), null);
    try (var env = env()) {
      RunHandle<Receipt> run = env.start(Checkout.class, order);
      env.advance(Duration.ofMinutes(29));
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.SUSPENDED);

      env.advance(Duration.ofMinutes(1));
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.COMPLETED);
      Receipt receipt = env.result(run);
      assertThat(receipt.status()).isEqualTo(Receipt.REFUNDED);
      assertThat(receipt.at()).isEqualTo(START.plus(Duration.ofMinutes(30)));
      assertThat(types(env, run.runId()))
          .containsSubsequence(
              "signal_timed_out", "compensation_scheduled", "compensation_completed");
      assertThat(refunds.refunds()).isEqualTo(1);
      assertThat(scheduled(env, run.runId())).containsExactly(OrdersExample.CHARGE_PAYMENT);
    }
  }

  @Test
  void anAmountThatIsNotPositiveFailsTheRunWithTheDeclineAfterOneAttempt() {
    var order = new Order("o-3", "ada", 0, List.of("air"));
    try (var env = env()) {
      RunHandle<Receipt> run = env.start(Checkout.class, order);

      assertThatThrownBy(() -> env.result(run))
          .isInstanceOf(WorkflowFailure.class)
          .hasMessageContaining(PaymentDeclined.class.getName())
          .hasMessageContaining("order o-3: amount must be positive, got 0");
      RunDescription failed = env.getRun(run.runId());
      assertThat(failed.state()).isEqualTo(RunState.FAILED);
      assertThat(failed.failure().message())
          .contains("activity '" + OrdersExample.CHARGE_PAYMENT + "' failed after 1 attempt");
      assertThat(failed.attributes()).containsEntry("status", "payment_failed");
      assertThat(payments.charges()).isZero();
    }
  }

  @Test
  void anAmountAboveTheLimitIsDeclinedToo() {
    var order = new Order("o-4", "ada", ChargePayment.LIMIT_CENTS + 1, List.of("yacht"));
    try (var env = env()) {
      RunHandle<Receipt> run = env.start(Checkout.class, order);

      assertThatThrownBy(() -> env.result(run))
          .isInstanceOf(WorkflowFailure.class)
          .hasMessageContaining("exceeds the limit of " + ChargePayment.LIMIT_CENTS + " cents");
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.FAILED);
    }
  }

  @Test
  void cancellingAfterTheChargeRefundsItAndEndsTheRunCancelled() {
    try (var env = env()) {
      RunHandle<Receipt> run = env.start(Checkout.class, ORDER);
      assertThat(env.getRun(run.runId()).attributes()).containsEntry("status", "awaiting_approval");

      env.cancel(run.runId());
      List<HistoryEvent> history = env.history(run.runId());
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.CANCELLED);
      assertThat(env.getRun(run.runId()).attributes())
          .containsEntry("status", "cancelled_refunded");
      assertThat(history.get(history.size() - 1).event()).isInstanceOf(Event.RunCancelled.class);
      // the cancel reached the code at its wait, and the code refunded the charge it had made
      assertThat(types(env, run.runId()))
          .containsSubsequence(
              "signal_awaited",
              "cancel_delivered",
              "compensation_scheduled",
              "compensation_completed",
              "run_cancelled");
      assertThat(payments.charges()).isEqualTo(1);
      assertThat(refunds.refunds()).isEqualTo(1);
      assertThatThrownBy(() -> env.result(run)).isInstanceOf(CancelledFailure.class);

      // the approval timeout is gone with the run, and a late approval is refused
      env.advance(Duration.ofHours(2));
      assertThat(env.history(run.runId())).isEqualTo(history);
      assertThatThrownBy(
              () ->
                  env.injectSignal(run.runId(), Checkout.APPROVAL_SIGNAL, new Approval(true, "x")))
          .isInstanceOf(io.continuum.RunTerminal.class);
    }
  }

  @Test
  void cancellingDuringTheShippingTimerRefundsToo() {
    try (var env = env()) {
      RunHandle<Receipt> run = env.start(Checkout.class, ORDER);
      env.injectSignal(run.runId(), Checkout.APPROVAL_SIGNAL, new Approval(true, "alice"));
      assertThat(env.getRun(run.runId()).attributes()).containsEntry("status", "approved");

      env.cancel(run.runId());

      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.CANCELLED);
      assertThat(refunds.refunds()).isEqualTo(1);
      assertThat(types(env, run.runId()))
          .doesNotContain("timer_fired")
          .contains("cancel_delivered");
    }
  }

  @Test
  void runsCanBeFoundByCustomerAndStatus() throws Exception {
    try (var env = env()) {
      var ada = env.start(Checkout.class, ORDER);
      env.start(Checkout.class, new Order("o-5", "grace", 100, List.of("tea")));
      env.injectSignal(ada.runId(), Checkout.APPROVAL_SIGNAL, new Approval(true, "alice"));
      env.result(ada);

      var byCustomer =
          env.client()
              .query(RunQuery.in("default").withAttributes(Map.of("customer", "grace")))
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertThat(byCustomer.runs())
          .singleElement()
          .satisfies(r -> assertThat(r.attributes()).containsEntry("orderId", "o-5"));
      var shipped =
          env.client()
              .query(RunQuery.in("default").withAttributes(Map.of("status", "shipped")))
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertThat(shipped.runs()).extracting(RunDescription::runId).containsExactly(ada.runId());
    }
  }

  private static List<String> scheduled(TestEnvironment env, String runId) {
    return env.history(runId).stream()
        .map(HistoryEvent::event)
        .filter(e -> e instanceof Event.ActivityScheduled)
        .map(e -> ((Event.ActivityScheduled) e).id().name())
        .toList();
  }

  private static List<String> types(TestEnvironment env, String runId) {
    return env.history(runId).stream().map(e -> e.event().typeName()).toList();
  }
}
