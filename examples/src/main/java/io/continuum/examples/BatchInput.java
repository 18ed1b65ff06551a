package io.continuum.examples;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The orders an {@link OrderBatch} fulfils, one child run each.
 *
 * <pre>{@code
 * // {"orders": [{"orderId": "o-1", "customer": "ada", "amountCents": 4200}, ...]}
 * var batch = new BatchInput(List.of(new Order("o-1", "ada", 4200, List.of("book"))));
 * }</pre>
 *
 * @param orders the orders (empty if null); their ids must be distinct, because each names its
 *     child run ({@code <batch id>:order-<order id>}), and consist of {@code [A-Za-z0-9._-]}
 */
public record BatchInput(List<Order> orders) {

  /** Copies the orders and rejects two with the same id. */
  public BatchInput {
    orders = orders == null ? List.of() : List.copyOf(orders);
    Set<String> ids = new HashSet<>();
    for (Order order : orders) {
      Objects.requireNonNull(order, "order");
      if (!ids.add(order.orderId())) {
        throw new IllegalArgumentException("order " + order.orderId() + " is in the batch twice");
      }
    }
  }
}
