package io.continuum.examples;

import java.time.Instant;

/**
 * How a checkout ended.
 *
 * <pre>{@code
 * Receipt r = client.await(runId, Receipt.class).toCompletionStage().toCompletableFuture().join();
 * if (r.status().equals(Receipt.SHIPPED)) System.out.println("tracking " + r.trackingNumber());
 * }</pre>
 *
 * @param orderId the order's id
 * @param status {@link #SHIPPED}, {@link #REFUNDED} or {@link #REFUND_FAILED}
 * @param chargeId the payment's charge id (refunded unless shipped)
 * @param trackingNumber the shipment's tracking number; null unless shipped
 * @param at when the checkout ended (workflow time)
 */
public record Receipt(
    String orderId, String status, String chargeId, String trackingNumber, Instant at) {

  /** The order was approved and shipped. */
  public static final String SHIPPED = "shipped";

  /** The order was rejected, or nobody approved it in time, and its charge was refunded. */
  public static final String REFUNDED = "refunded";

  /**
   * The order was rejected, or nobody approved it in time, but the refund failed after its retries
   * (the history holds {@code compensation_failed}): someone must refund the charge by hand.
   */
  public static final String REFUND_FAILED = "refund_failed";
}
