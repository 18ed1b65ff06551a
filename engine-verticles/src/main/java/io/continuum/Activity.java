package io.continuum;

/**
 * A blocking activity: the place for side effects (HTTP calls, database writes, e-mails). It runs
 * on a worker thread, at least once and at most {@link RetryPolicy#maxAttempts()} times; every
 * attempt of one scheduled activity sees the same {@link ActivityContext#idempotencyKey()}, so the
 * body can make its side effect idempotent.
 *
 * <pre>{@code
 * public final class ChargeCard implements Activity<Payment, ChargeId> {
 *   private final PaymentGateway gateway;
 *   public ChargeCard(PaymentGateway gateway) { this.gateway = gateway; }
 *   public ChargeId execute(ActivityContext ctx, Payment p) {
 *     return gateway.charge(p, ctx.idempotencyKey());
 *   }
 * }
 * }</pre>
 *
 * <p>Throwing fails the attempt; the engine retries it according to the activity's {@link
 * RetryPolicy} and, after the last attempt, hands the workflow an {@link ActivityFailure}.
 *
 * @param <I> the input type
 * @param <O> the result type
 */
@FunctionalInterface
public interface Activity<I, O> extends ActivityDefinition<I, O> {

  /**
   * Executes one attempt.
   *
   * @param ctx the attempt's context
   * @param input the input the workflow passed
   * @return the result, journaled and handed to the workflow
   * @throws Exception to fail the attempt
   */
  O execute(ActivityContext ctx, I input) throws Exception;
}
