package io.continuum.server.readme.fragments;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.RunHandle;
import io.continuum.StartOptions;
import io.continuum.testing.TestEnvironment;
import io.continuum.testing.WorkflowReplayer;
import java.time.Instant;

/** The README's opening workflow and its test-kit snippet, in a context that compiles and runs. */
public final class TourCheckout {
  private TourCheckout() {}

  public record Order(String id, long amountCents) {}

  public record Charge(String id) {}

  public record Approval(String by) {}

  public record Receipt(String orderId, String chargeId, boolean refunded, Instant at) {
    static Receipt refunded(Order order) {
      return new Receipt(order.id(), null, true, null);
    }

    static Receipt of(Order order, Charge charge, Instant at) {
      return new Receipt(order.id(), charge.id(), false, at);
    }
  }

  /** A stand-in for a payment provider. */
  public interface Gateway {
    String charge(Order order);
  }

  public static final class ChargeCard implements Activity<Order, Charge> {
    private final Gateway gateway;

    public ChargeCard(Gateway gateway) {
      this.gateway = gateway;
    }

    @Override
    public Charge execute(ActivityContext ctx, Order order) {
      return new Charge(gateway.charge(order));
    }
  }

  public static final class RefundCard implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order order) {
      return "refunded " + order.id();
    }
  }

  /** The README's test-kit snippet: drives a checkout to its end and checks its history. */
  public static void testKit(Gateway gateway, Order order) {
    // README: the ```java block of "Testing workflows", word for word.
    try (var env =
        TestEnvironment.builder()
            .workflow(Checkout.class)
            .activity(new ChargeCard(gateway))
            .paranoid(true) // re-replays every finished run and fails on a difference
            .build()) {
      RunHandle<Receipt> run = env.start(Checkout.class, order, StartOptions.withId("order-42"));
      env.injectSignal(
          run.runId(), "approval", new Approval("grace")); // early signals wait in the mailbox
      Receipt receipt = env.result(run); // skips the 5-minute sleep, runs the activities
      String golden = env.historyJson(run.runId());
      WorkflowReplayer.replay(
          golden, Checkout.class); // raises ReplayDriftError if the code changed
    }
  }
}
