package io.continuum.examples;

import io.continuum.runtime.Engine;

/**
 * The orders example in one place: the {@link Checkout} workflow, the {@link OrderBatch} of {@link
 * FulfilOrder} children, the {@link Subscription} that continues as new, and their activities
 * ({@link ChargePayment}, its compensation {@link RefundPayment}, {@link ShipOrder}), registered on
 * an engine builder, and the type names a client that does not have the classes (REST, the
 * observer) uses.
 *
 * <pre>{@code
 * Engine engine = OrdersExample.register(Engine.builder().journal(journal)).build();
 * engine.deploy(vertx)
 *     .compose(e -> e.client().start(OrdersExample.CHECKOUT, order, StartOptions.withId("o-1")));
 * }</pre>
 */
public final class OrdersExample {

  /** The checkout workflow's type name. */
  public static final String CHECKOUT = "orders.checkout";

  /** The batch workflow's type name: one {@link #FULFIL} child per order. */
  public static final String BATCH = "orders.batch";

  /** The type name of the workflow that charges and ships one order of a batch. */
  public static final String FULFIL = "orders.fulfil";

  /** The subscription workflow's type name. */
  public static final String SUBSCRIPTION = "orders.subscription";

  /** The payment activity's type name. */
  public static final String CHARGE_PAYMENT = "orders.charge-payment";

  /** The refund activity's type name: the compensation of {@link #CHARGE_PAYMENT}. */
  public static final String REFUND_PAYMENT = "orders.refund-payment";

  /** The shipping activity's type name. */
  public static final String SHIP_ORDER = "orders.ship";

  private OrdersExample() {}

  /**
   * Registers the example's workflows and fresh instances of its activities; returns the builder.
   */
  public static Engine.Builder register(Engine.Builder builder) {
    return builder
        .workflow(Checkout.class)
        .workflow(OrderBatch.class)
        .workflow(FulfilOrder.class)
        .workflow(Subscription.class)
        .activity(new ChargePayment())
        .activity(new RefundPayment())
        .activity(new ShipOrder());
  }
}
