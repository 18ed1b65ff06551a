package io.continuum.examples;

import io.continuum.ActivityFailure;
import io.continuum.ActivityOptions;
import io.continuum.RetryPolicy;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;

/**
 * Fulfils one order of an {@link OrderBatch}: charges it with {@link ChargePayment}, ships it with
 * {@link ShipOrder} and returns the tracking number. Unlike {@link Checkout} there is no approval
 * step and no shipping timer. A declined payment ({@link PaymentDeclined}, not retried) fails the
 * run; so does a shipment that failed after its retries, once the charge is refunded with {@link
 * RefundPayment}.
 *
 * <pre>{@code
 * // in a parent workflow:
 * String tracking = ctx.child(FulfilOrder.class, order,
 *     ChildOptions.defaults().id("order-" + order.orderId()));   // "TRK-..."
 * }</pre>
 */
@WorkflowType(OrdersExample.FULFIL)
public final class FulfilOrder implements Workflow<Order, String> {

  // As in the checkout: a decline is final, and a charge is undone by refunding its charge id.
  private static final ActivityOptions CHARGE =
      ActivityOptions.defaults()
          .withRetry(RetryPolicy.defaults().withNonRetryable(PaymentDeclined.class))
          .compensateWith(RefundPayment.class, (Order order, String chargeId) -> chargeId);

  @Override
  public String run(WorkflowContext ctx, Order order) {
    ctx.activity(ChargePayment.class, order, CHARGE);
    try {
      return ctx.activity(ShipOrder.class, order);
    } catch (ActivityFailure notShipped) {
      ctx.compensateAll();
      throw notShipped;
    }
  }
}
