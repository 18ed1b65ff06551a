package io.continuum.server;

import io.continuum.Workflow;
import io.continuum.examples.Checkout;
import io.continuum.examples.FulfilOrder;
import io.continuum.examples.OrderBatch;
import io.continuum.examples.OrdersExample;
import io.continuum.examples.Subscription;
import io.continuum.runtime.Engine;
import java.util.List;

/** The example workflows {@code dev} (and {@code serve} with {@code examples: true}) register. */
final class Examples {
  private Examples() {}

  /**
   * Registers the orders example: {@code orders.checkout}, {@code orders.batch}, {@code
   * orders.fulfil}, {@code orders.subscription} and their activities.
   */
  static Engine.Builder register(Engine.Builder builder) {
    return OrdersExample.register(builder);
  }

  /** The example workflow classes, for commands that check code rather than run it. */
  static List<Class<? extends Workflow<?, ?>>> workflows() {
    return List.of(Checkout.class, OrderBatch.class, FulfilOrder.class, Subscription.class);
  }
}
