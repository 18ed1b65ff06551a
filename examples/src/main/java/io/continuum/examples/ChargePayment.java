package io.continuum.examples;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Charges an order's payment on a simulated gateway. The gateway keeps its charges by the
 * activity's idempotency key, so a retried attempt gets the first attempt's charge instead of a
 * second one; the charge id is derived from the order alone ({@code ch_} and a name-based UUID), so
 * it is the same on every attempt and every replay.
 *
 * <pre>{@code
 * String chargeId = ctx.activity(ChargePayment.class, order);   // "ch_5f0c..."
 * }</pre>
 *
 * <p>An amount that is not positive or above {@link #LIMIT_CENTS} fails with {@link
 * PaymentDeclined}, which the checkout does not retry.
 */
@ActivityType(OrdersExample.CHARGE_PAYMENT)
public final class ChargePayment implements Activity<Order, String> {

  /** The largest amount the simulated gateway accepts: 10,000.00. */
  public static final long LIMIT_CENTS = 1_000_000;

  private final Map<String, String> chargesByKey = new ConcurrentHashMap<>();

  @Override
  public String execute(ActivityContext ctx, Order order) throws PaymentDeclined {
    if (order.amountCents() <= 0) {
      throw new PaymentDeclined(
          "order " + order.orderId() + ": amount must be positive, got " + order.amountCents());
    }
    if (order.amountCents() > LIMIT_CENTS) {
      throw new PaymentDeclined(
          "order "
              + order.orderId()
              + ": amount "
              + order.amountCents()
              + " exceeds the limit of "
              + LIMIT_CENTS
              + " cents");
    }
    return chargesByKey.computeIfAbsent(ctx.idempotencyKey(), key -> chargeIdOf(order));
  }

  /** How many distinct charges the gateway made (one per idempotency key). */
  int charges() {
    return chargesByKey.size();
  }

  private static String chargeIdOf(Order order) {
    String identity = order.orderId() + "|" + order.customer() + "|" + order.amountCents();
    return "ch_" + UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8));
  }
}
