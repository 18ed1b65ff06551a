package io.continuum.load.replay;

import io.continuum.ActivityHandle;
import io.continuum.ActivityOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.load.replay.MixedActivities.PriceQuote;
import io.continuum.load.replay.MixedActivities.Reserve;
import io.continuum.load.replay.MixedPayloads.Approval;
import io.continuum.load.replay.MixedPayloads.Cursor;
import io.continuum.load.replay.MixedPayloads.Plan;
import io.continuum.load.replay.MixedPayloads.Quote;
import io.continuum.load.replay.MixedPayloads.QuoteRequest;
import io.continuum.load.replay.MixedPayloads.Reservation;
import io.continuum.load.replay.MixedPayloads.ReserveRequest;
import io.continuum.load.replay.MixedPayloads.Restock;
import io.continuum.load.replay.MixedPayloads.Summary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The replay benchmark's workload: a loop whose rounds mix every journaled effect in varying
 * proportion — side effects (records, ints, strings), activities (sequential and fanned out),
 * durable sleeps, signal waits with and without a timeout, {@code now()} and {@code randomUUID()}.
 * It journals exactly {@link Plan#events()} events: it counts the events of each call (a value is
 * one, a blocking call two) and pads the end with one-event side effects.
 *
 * <pre>{@code
 * WorkflowDefinition d = WorkflowDefinition.of(MixedWorkflow.class);
 * MixedHistory h = new HistoryBuilder(executor).build(12_500);   // drives this workflow
 * }</pre>
 */
@WorkflowType("bench.mixed")
public final class MixedWorkflow implements Workflow<Plan, Summary> {

  /** The most events one round journals (every branch taken). */
  static final int MAX_ROUND_EVENTS = 21;

  private static final ActivityOptions RESERVE =
      ActivityOptions.defaults().withStartToCloseTimeout(Duration.ofSeconds(20)).withMaxAttempts(3);

  private long total;
  private int approved;
  private int timedOut;
  private String lastTag = "";

  @Override
  public Summary run(WorkflowContext ctx, Plan plan) {
    int used = 0;
    int rounds = 0;
    while (plan.events() - used >= MAX_ROUND_EVENTS) {
      used += round(ctx, rounds++);
    }
    while (used < plan.events()) {
      int n = used++;
      total += ctx.sideEffect("pad", Integer.class, () -> n);
    }
    return new Summary(rounds, total, approved, timedOut, lastTag);
  }

  /** One round; returns the number of events it journaled. */
  private int round(WorkflowContext ctx, int i) {
    Cursor cursor =
        ctx.sideEffect("cursor", Cursor.class, () -> new Cursor(i, "sku-" + i % 97, 3L * i));
    int shard = ctx.sideEffect("shard", Integer.class, () -> i % 16);
    Quote quote = ctx.activity(PriceQuote.class, new QuoteRequest(cursor.sku(), shard, 1 + i % 7));
    total += quote.cents();
    lastTag = ctx.sideEffect("tag", String.class, () -> "batch-" + i / 10);
    int events = 5;
    if (i % 2 == 0) {
      Instant at = ctx.now();
      UUID id = ctx.randomUUID();
      total += (at.getEpochSecond() & 0xff) + (id.getLeastSignificantBits() & 0xf);
      events += 2;
    }
    if (i % 3 == 0) {
      Reservation r =
          ctx.activity(
              Reserve.class, new ReserveRequest(cursor.sku(), quote.cents(), shard), RESERVE);
      total += r.confirmed() ? 1 : 0;
      events += 2;
    }
    if (i % 4 == 1) {
      ctx.sleep(Duration.ofSeconds(30 + i % 5));
      events += 2;
    }
    if (i % 5 == 2) {
      Optional<Approval> a = ctx.awaitSignal("approval", Approval.class, Duration.ofMinutes(10));
      if (a.isPresent() && a.get().granted()) {
        approved++;
      } else {
        timedOut++;
      }
      events += 2;
    }
    if (i % 10 == 7) {
      total += ctx.awaitSignal("restock", Restock.class).units();
      events += 2;
    }
    if (i % 6 == 5) {
      List<ActivityHandle<Quote>> fanOut =
          List.of(
              ctx.startActivity(PriceQuote.class, new QuoteRequest(cursor.sku(), 0, 1)),
              ctx.startActivity(PriceQuote.class, new QuoteRequest(cursor.sku(), 1, 2)),
              ctx.startActivity(PriceQuote.class, new QuoteRequest(cursor.sku(), 2, 3)));
      for (Quote q : ctx.awaitAll(fanOut)) {
        total += q.cents();
      }
      events += 6;
    }
    return events;
  }
}
