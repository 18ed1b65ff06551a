package io.continuum.examples;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refunds a charge on the simulated gateway: the compensation of {@link ChargePayment} in the
 * checkout saga. Like charges, refunds are kept by the activity's idempotency key, so a retried
 * attempt (or one rerun after a crash) returns the first attempt's refund instead of refunding
 * twice; the refund id is derived from the charge id alone ({@code re_} and a name-based UUID).
 *
 * <pre>{@code
 * ctx.activity(ChargePayment.class, order, ActivityOptions.defaults()
 *     .compensateWith(RefundPayment.class, (Order o, String chargeId) -> chargeId));
 * }</pre>
 */
@ActivityType(OrdersExample.REFUND_PAYMENT)
public final class RefundPayment implements Activity<String, String> {

  private final Map<String, String> refundsByKey = new ConcurrentHashMap<>();

  @Override
  public String execute(ActivityContext ctx, String chargeId) {
    if (chargeId == null || !chargeId.startsWith("ch_")) {
      throw new IllegalArgumentException("not a charge id: " + chargeId);
    }
    return refundsByKey.computeIfAbsent(ctx.idempotencyKey(), key -> refundIdOf(chargeId));
  }

  /** How many distinct refunds the gateway made (one per idempotency key). */
  int refunds() {
    return refundsByKey.size();
  }

  private static String refundIdOf(String chargeId) {
    return "re_" + UUID.nameUUIDFromBytes(chargeId.getBytes(StandardCharsets.UTF_8));
  }
}
