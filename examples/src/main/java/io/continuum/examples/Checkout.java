package io.continuum.examples;

import io.continuum.ActivityFailure;
import io.continuum.ActivityOptions;
import io.continuum.RetryPolicy;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The orders checkout: charge the payment, wait for an approval signal (at most {@link
 * Order#approvalTimeout()}), then run the shipping timer ({@link Order#shippingDelay()}) and ship.
 * No approval in time, or a refusal, ends the checkout {@link Receipt#REJECTED}; a declined payment
 * fails the run with the activity's error.
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
 * shipped} or {@code rejected}), plus {@code approvedBy} once approved, so runs can be found by
 * customer or by where they are.
 */
@WorkflowType(OrdersExample.CHECKOUT)
public final class Checkout implements Workflow<Order, Receipt> {

  /** The signal that approves or rejects the order; its payload is an {@link Approval}. */
  public static final String APPROVAL_SIGNAL = "approval";

  // A declined payment will be declined again: fail at once instead of retrying.
  private static final ActivityOptions CHARGE =
      ActivityOptions.defaults()
          .withRetry(RetryPolicy.defaults().withNonRetryable(PaymentDeclined.class));

  @Override
  public Receipt run(WorkflowContext ctx, Order order) {
    ctx.setAttributes(
        Map.of("orderId", order.orderId(), "customer", order.customer(), "status", "charging"));
    String chargeId;
    try {
      chargeId = ctx.activity(ChargePayment.class, order, CHARGE);
    } catch (ActivityFailure declined) {
      ctx.setAttributes(Map.of("status", "payment_failed"));
      throw declined;
    }

    ctx.setAttributes(Map.of("status", "awaiting_approval"));
    Optional<Approval> approval =
        ctx.awaitSignal(APPROVAL_SIGNAL, Approval.class, order.approvalTimeout());
    if (approval.isEmpty() || !approval.get().approved()) {
      // sagas: refund compensation joins here (issue 6). Until then a rejected order keeps its
      // charge, and the receipt names it so that someone can refund it by hand.
      ctx.setAttributes(Map.of("status", Receipt.REJECTED));
      return new Receipt(order.orderId(), Receipt.REJECTED, chargeId, null, ctx.now());
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
