package io.continuum.examples;

import io.continuum.ActivityFailure;
import io.continuum.ActivityOptions;
import io.continuum.CancelledFailure;
import io.continuum.CompensationResult;
import io.continuum.RetryPolicy;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The orders checkout, a small saga: charge the payment, wait for an approval signal (at most
 * {@link Order#approvalTimeout()}), then run the shipping timer ({@link Order#shippingDelay()}) and
 * ship. No approval in time, or a refusal, rolls the charge back: {@link RefundPayment} is the
 * charge's compensation, and {@code compensateAll()} runs it, ending the checkout {@link
 * Receipt#REFUNDED} (or {@link Receipt#REFUND_FAILED} when the refund failed after its retries). A
 * declined payment fails the run with the activity's error. A checkout cancelled after the charge
 * (while it waits for approval or for shipping) refunds it the same way before the run ends {@code
 * cancelled}: the cancel reaches the code as a {@link CancelledFailure} at the wait it is at.
 *
 * <pre>{@code
 * client.start(Checkout.class, order, StartOptions.withId("o-1"))
 *     .compose(run -> client.signal("o-1", Checkout.APPROVAL_SIGNAL, new Approval(true, "alice")))
 *     .compose(v -> client.await("o-1", Receipt.class))
 *     // the shipping delay later: Receipt[orderId=o-1, status=shipped, chargeId=ch_..., ...]
 *     .onSuccess(receipt -> log.info("shipped: {}", receipt.trackingNumber()));
 * }</pre>
 *
 * <p>The run carries the search attributes {@code orderId}, {@code customer} and {@code status}
 * ({@code charging}, {@code payment_failed}, {@code awaiting_approval}, {@code approved}, {@code
 * shipped}, {@code refunding}, {@code refunded}, {@code refund_failed} or {@code
 * cancelled_refunded}), plus {@code approvedBy} once approved, so runs can be found by customer or
 * by where they are.
 */
@WorkflowType(OrdersExample.CHECKOUT)
public final class Checkout implements Workflow<Order, Receipt> {

  /** The signal that approves or rejects the order; its payload is an {@link Approval}. */
  public static final String APPROVAL_SIGNAL = "approval";

  // A declined payment will be declined again: fail at once instead of retrying. A charge is
  // undone by refunding its charge id.
  private static final ActivityOptions CHARGE =
      ActivityOptions.defaults()
          .withRetry(RetryPolicy.defaults().withNonRetryable(PaymentDeclined.class))
          .compensateWith(RefundPayment.class, (Order order, String chargeId) -> chargeId);

  @Override
  public Receipt run(WorkflowContext ctx, Order order) {
    ctx.onQuery("order", () -> order); // continuum runs query <id> order
    ctx.setAttributes(
        Map.of("orderId", order.orderId(), "customer", order.customer(), "status", "charging"));
    String chargeId;
    try {
      chargeId = ctx.activity(ChargePayment.class, order, CHARGE);
    } catch (ActivityFailure declined) {
      ctx.setAttributes(Map.of("status", "payment_failed"));
      throw declined;
    }

    try {
      return approveAndShip(ctx, order, chargeId);
    } catch (CancelledFailure cancelled) {
      // Cancelled after the charge: give the money back, then let the run end cancelled.
      ctx.setAttributes(Map.of("status", "refunding"));
      CompensationResult refund = ctx.compensateAll();
      ctx.setAttributes(
          Map.of("status", refund.succeeded() ? "cancelled_refunded" : Receipt.REFUND_FAILED));
      throw cancelled;
    }
  }

  private static Receipt approveAndShip(WorkflowContext ctx, Order order, String chargeId) {
    ctx.setAttributes(Map.of("status", "awaiting_approval"));
    Optional<Approval> approval =
        ctx.awaitSignal(APPROVAL_SIGNAL, Approval.class, order.approvalTimeout());
    if (approval.isEmpty() || !approval.get().approved()) {
      ctx.setAttributes(Map.of("status", "refunding"));
      CompensationResult refund = ctx.compensateAll();
      String status = refund.succeeded() ? Receipt.REFUNDED : Receipt.REFUND_FAILED;
      ctx.setAttributes(Map.of("status", status));
      return new Receipt(order.orderId(), status, chargeId, null, ctx.now());
    }

    Map<String, Object> approved = new HashMap<>(Map.of("status", "approved"));
    if (approval.get().by() != null) {
      approved.put("approvedBy", approval.get().by());
    }
    ctx.setAttributes(approved);
    ctx.sleep(order.shippingDelay());
    String tracking = ctx.activity(ShipOrder.class, order);
    ctx.setAttributes(Map.of("status", Receipt.SHIPPED));
    return new Receipt(order.orderId(), Receipt.SHIPPED, chargeId, tracking, ctx.now());
  }
}
