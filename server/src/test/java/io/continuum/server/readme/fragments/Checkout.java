package io.continuum.server.readme.fragments;

import io.continuum.ActivityOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.server.readme.fragments.TourCheckout.Approval;
import io.continuum.server.readme.fragments.TourCheckout.Charge;
import io.continuum.server.readme.fragments.TourCheckout.ChargeCard;
import io.continuum.server.readme.fragments.TourCheckout.Order;
import io.continuum.server.readme.fragments.TourCheckout.Receipt;
import io.continuum.server.readme.fragments.TourCheckout.RefundCard;
import java.time.Duration;
import java.util.Optional;

// The README's first ```java block, token for token; its types are TourCheckout's.
@WorkflowType("orders.checkout")
public final class Checkout implements Workflow<Order, Receipt> {
  public Receipt run(WorkflowContext ctx, Order order) {
    Charge charge =
        ctx.activity(
            ChargeCard.class,
            order,
            ActivityOptions.defaults().withMaxAttempts(5).compensateWith(RefundCard.class));
    Optional<Approval> approval = ctx.awaitSignal("approval", Approval.class, Duration.ofHours(1));
    if (approval.isEmpty()) {
      ctx.compensateAll(); // the saga: refund what was charged
      return Receipt.refunded(order);
    }
    ctx.sleep(Duration.ofMinutes(5)); // durable: survives a restart
    return Receipt.of(order, charge, ctx.now()); // ctx.now() is journaled too
  }
}
