package io.continuum.examples;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An order to check out: who buys what for how much, how long to wait for approval and how long the
 * shipping timer runs. Missing durations and items take defaults, so the JSON a client posts can be
 * short; durations are ISO-8601 text both ways.
 *
 * <pre>{@code
 * // {"orderId":"o-1","customer":"ada","amountCents":4200,"items":["book"],"shippingDelay":"PT10S"}
 * var order = new Order("o-1", "ada", 4200, List.of("book"), null, Duration.ofSeconds(10));
 * order.approvalTimeout(); // PT1H
 * }</pre>
 *
 * @param orderId the order's id
 * @param customer who pays
 * @param amountCents what the order costs, in cents; {@link ChargePayment} declines a value that is
 *     not positive or above {@link ChargePayment#LIMIT_CENTS}
 * @param items what ships (empty if null)
 * @param approvalTimeout how long the checkout waits for the approval signal ({@link
 *     #DEFAULT_APPROVAL_TIMEOUT} if null)
 * @param shippingDelay how long the shipping timer runs before the order ships ({@link
 *     #DEFAULT_SHIPPING_DELAY} if null)
 */
public record Order(
    String orderId,
    String customer,
    long amountCents,
    List<String> items,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Duration approvalTimeout,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Duration shippingDelay) {

  /** The approval wait when an order names none. */
  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(1);

  /** The shipping timer when an order names none. */
  public static final Duration DEFAULT_SHIPPING_DELAY = Duration.ofSeconds(10);

  /** Fills in the defaults and checks what must be there. */
  public Order {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(customer, "customer");
    items = items == null ? List.of() : List.copyOf(items);
    approvalTimeout = approvalTimeout == null ? DEFAULT_APPROVAL_TIMEOUT : approvalTimeout;
    shippingDelay = shippingDelay == null ? DEFAULT_SHIPPING_DELAY : shippingDelay;
    if (approvalTimeout.isNegative() || shippingDelay.isNegative()) {
      throw new IllegalArgumentException("approvalTimeout and shippingDelay must not be negative");
    }
  }

  /** An order with the default approval timeout and shipping delay. */
  public Order(String orderId, String customer, long amountCents, List<String> items) {
    this(orderId, customer, amountCents, items, null, null);
  }
}
