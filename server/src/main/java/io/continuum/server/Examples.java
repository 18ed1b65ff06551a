package io.continuum.server;

import io.continuum.examples.OrdersExample;
import io.continuum.runtime.Engine;

/** The example workflows {@code dev} (and {@code serve} with {@code examples: true}) register. */
final class Examples {
  private Examples() {}

  /** Registers the orders example: {@code orders.checkout} and its activities. */
  static Engine.Builder register(Engine.Builder builder) {
    return OrdersExample.register(builder);
  }
}
