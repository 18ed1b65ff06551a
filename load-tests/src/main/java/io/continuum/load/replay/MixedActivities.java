package io.continuum.load.replay;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.load.replay.MixedPayloads.Quote;
import io.continuum.load.replay.MixedPayloads.QuoteRequest;
import io.continuum.load.replay.MixedPayloads.Reservation;
import io.continuum.load.replay.MixedPayloads.ReserveRequest;

/**
 * The activities {@link MixedWorkflow} schedules. They are pure functions of their input, so the
 * {@link HistoryBuilder} can play the worker without any I/O.
 *
 * <pre>{@code
 * Quote q = ctx.activity(MixedActivities.PriceQuote.class, new QuoteRequest("sku-3", 2, 4));
 * }</pre>
 */
public final class MixedActivities {

  private MixedActivities() {}

  /**
   * Prices an item.
   *
   * <pre>{@code
   * new PriceQuote().execute(ctx, new QuoteRequest("sku-3", 2, 4))   // Quote("sku-3", ..., "EUR")
   * }</pre>
   */
  public static final class PriceQuote implements Activity<QuoteRequest, Quote> {
    @Override
    public Quote execute(ActivityContext ctx, QuoteRequest in) {
      long cents = 100L * in.quantity() + 37L * in.shard() + (in.sku().hashCode() & 0x3ff);
      return new Quote(in.sku(), cents, in.shard() % 2 == 0 ? "EUR" : "USD");
    }
  }

  /**
   * Reserves an item in a warehouse.
   *
   * <pre>{@code
   * new Reserve().execute(ctx, new ReserveRequest("sku-3", 1299, 2))   // Reservation(..., true)
   * }</pre>
   */
  public static final class Reserve implements Activity<ReserveRequest, Reservation> {
    @Override
    public Reservation execute(ActivityContext ctx, ReserveRequest in) {
      String warehouse = "wh-" + in.shard();
      return new Reservation("r-" + in.sku() + "-" + in.cents(), warehouse, in.cents() % 11 != 0);
    }
  }
}
