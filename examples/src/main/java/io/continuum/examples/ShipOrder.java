package io.continuum.examples;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityType;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Hands an order to a simulated carrier and returns its tracking number, derived from the order id
 * (so every attempt answers the same).
 *
 * <pre>{@code
 * String tracking = ctx.activity(ShipOrder.class, order);   // "TRK-" and 16 hex digits
 * }</pre>
 */
@ActivityType(OrdersExample.SHIP_ORDER)
public final class ShipOrder implements Activity<Order, String> {

  @Override
  public String execute(ActivityContext ctx, Order order) {
    UUID id = UUID.nameUUIDFromBytes(order.orderId().getBytes(StandardCharsets.UTF_8));
    return String.format("TRK-%016X", id.getMostSignificantBits());
  }
}
