package io.continuum.examples;

import io.continuum.ActivityOptions;
import io.continuum.RetryPolicy;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import java.util.List;
import java.util.Map;

/**
 * A recurring charge: every {@link SubscriptionState#period()} the customer is charged with {@link
 * ChargePayment}, until a {@value #CANCEL_SIGNAL} signal arrives or {@link
 * SubscriptionState#maxCycles()} cycles were charged. The result is the state at the end.
 *
 * <pre>{@code
 * var state = SubscriptionState.start("ada", 999, Duration.ofDays(30), 12, 0);
 * client.start(Subscription.class, state, StartOptions.withId("sub-ada"));
 * // months later, addressed to the first run id: the live run of the chain gets it
 * client.signal("sub-ada", Subscription.CANCEL_SIGNAL, "moved away");
 * client.await("sub-ada", SubscriptionState.class);   // cyclesDone = what was charged
 * }</pre>
 *
 * <h2>Why it continues as new</h2>
 *
 * <p>Every cycle adds events to the history (the signal wait, its timeout, the charge), and a
 * subscription may run for years: one run would grow a history that every replay reads in full. So
 * after {@link SubscriptionState#cyclesPerRun()} cycles the run ends with {@code
 * ctx.continueAsNew(state)}: it becomes {@code continued} and its successor ({@code <id>:cont-1},
 * then {@code <id>:cont-2}, ...) starts in the same transaction with a fresh history and the state
 * as input. The history of a run is thus bounded by {@code cyclesPerRun} cycles, and the state by
 * the last {@link SubscriptionState#RECENT_CHARGES} charge ids. Nothing is lost at the seam: a
 * signal not consumed yet moves to the successor, and {@code signal}, {@code cancel}, {@code await}
 * and {@code getRun} addressed to the first run id act on the live tip of the chain, so a client
 * only ever needs the id it started the subscription with.
 *
 * <p>The {@value #PRICE_UPDATE} update changes what the next cycles charge (in cents, more than 0
 * and at most 1,000,000) and answers the price it replaced; the new price carries over to the
 * successors: {@code client.update("sub-ada", Subscription.PRICE_UPDATE, 1299, Long.class)}.
 *
 * <p>A declined charge ({@link PaymentDeclined}) fails the subscription.
 */
@WorkflowType(OrdersExample.SUBSCRIPTION)
public final class Subscription implements Workflow<SubscriptionState, SubscriptionState> {

  /** The signal that ends the subscription; its payload is a reason (any text, may be null). */
  public static final String CANCEL_SIGNAL = "cancel";

  /** The update that changes the price of the next cycles; its input is the price in cents. */
  public static final String PRICE_UPDATE = "price";

  private static final ActivityOptions CHARGE =
      ActivityOptions.defaults()
          .withRetry(RetryPolicy.defaults().withNonRetryable(PaymentDeclined.class));

  @Override
  public SubscriptionState run(WorkflowContext ctx, SubscriptionState initial) {
    // the state a price update changes between cycles
    var current = new SubscriptionState[] {initial};
    ctx.onUpdate(
        PRICE_UPDATE,
        Long.class,
        cents -> {
          if (cents == null || cents <= 0 || cents > 1_000_000) {
            throw new IllegalArgumentException("a price is 1 to 1,000,000 cents");
          }
        },
        cents -> {
          long before = current[0].amountCents();
          current[0] = current[0].priced(cents);
          return before;
        });
    for (int cycle = 0; cycle < initial.cyclesPerRun(); cycle++) {
      if (ctx.awaitSignal(CANCEL_SIGNAL, String.class, current[0].period()).isPresent()) {
        return ended(ctx, current[0], "cancelled");
      }
      SubscriptionState state = current[0]; // with the price of any update during the wait
      int number = state.cyclesDone() + 1;
      // one order per cycle: its id makes each cycle's charge id distinct
      Order order =
          new Order(
              ctx.info().runId() + "/cycle-" + number,
              state.customer(),
              state.amountCents(),
              List.of("subscription"));
      SubscriptionState charged = state.charged(ctx.activity(ChargePayment.class, order, CHARGE));
      // an update during the charge changed the price of the next cycles: keep it
      current[0] = charged.priced(current[0].amountCents());
      if (charged.finished()) {
        return ended(ctx, current[0], "finished");
      }
    }
    SubscriptionState state = current[0];
    ctx.setAttributes(Map.of("customer", state.customer(), "cyclesDone", state.cyclesDone()));
    return ctx.continueAsNew(state);
  }

  private static SubscriptionState ended(
      WorkflowContext ctx, SubscriptionState state, String status) {
    ctx.setAttributes(
        Map.of("customer", state.customer(), "cyclesDone", state.cyclesDone(), "status", status));
    return state;
  }
}
