package io.continuum;

/**
 * A durable workflow: an ordinary Java method whose every effect is journaled, so a run survives
 * crashes, deploys and node loss and resumes exactly where it stopped.
 *
 * <p>The engine advances a run in <em>steps</em>: each step calls {@link #run} from the start and
 * replays the run's history through the {@link WorkflowContext}. Workflow code must therefore be
 * deterministic: all time, randomness, I/O and waiting go through the context.
 *
 * <pre>{@code
 * @WorkflowType("orders.checkout")
 * public final class Checkout implements Workflow<Order, Receipt> {
 *   public Receipt run(WorkflowContext ctx, Order order) {
 *     ChargeId charge = ctx.activity(ChargeCard.class, order.payment());
 *     Optional<Approval> approval = ctx.awaitSignal("approval", Approval.class, Duration.ofHours(1));
 *     if (approval.isEmpty()) return Receipt.rejected();
 *     ctx.sleep(Duration.ofMinutes(5));
 *     return Receipt.of(charge, ctx.now());
 *   }
 * }
 * }</pre>
 *
 * <p>A fresh instance runs every step, so fields never carry state between steps; implementations
 * need a public no-argument constructor unless registered with a factory.
 *
 * @param <I> the input type (a record or POJO serializable with Jackson)
 * @param <O> the result type
 */
@FunctionalInterface
public interface Workflow<I, O> {

  /**
   * Runs (or replays) the workflow.
   *
   * @param ctx the deterministic context through which every effect must go
   * @param input the run's input, as given to {@link Continuum#start}
   * @return the run's result
   */
  O run(WorkflowContext ctx, I input);
}
