package io.continuum;

/**
 * A scheduled activity whose result the workflow has not awaited yet. Obtain one from {@link
 * WorkflowContext#startActivity} and pass it to {@link WorkflowContext#await} or {@link
 * WorkflowContext#awaitAll}.
 *
 * <pre>{@code
 * ActivityHandle<Stock> stock = ctx.startActivity(ReserveStock.class, order.items());
 * ActivityHandle<ChargeId> charge = ctx.startActivity(ChargeCard.class, order.payment());
 * ctx.awaitAll(List.of(stock, charge));       // both run in parallel
 * return new Receipt(ctx.await(charge), ctx.await(stock));
 * }</pre>
 *
 * @param <O> the activity's result type
 */
public interface ActivityHandle<O> extends Awaitable<O> {

  /** The activity type name. */
  String activityType();

  /** The history sequence number of the scheduling event; stable across replays. */
  int seq();
}
