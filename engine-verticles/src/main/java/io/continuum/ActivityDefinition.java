package io.continuum;

/**
 * The common type of {@link Activity} and {@link AsyncActivity}, so that {@link WorkflowContext}
 * can schedule either with one method. Implement one of those two, never this one directly.
 *
 * <pre>{@code
 * ChargeId id = ctx.activity(ChargeCard.class, payment); // ChargeCard implements Activity
 * Quote quote = ctx.activity(FetchQuote.class, request);  // FetchQuote implements AsyncActivity
 * }</pre>
 *
 * @param <I> the input type
 * @param <O> the result type
 */
public interface ActivityDefinition<I, O> {}
