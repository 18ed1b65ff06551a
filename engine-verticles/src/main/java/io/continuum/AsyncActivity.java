package io.continuum;

import io.vertx.core.Future;

/**
 * A non-blocking activity: it runs on a Vert.x event loop and returns a {@link Future}, so it can
 * use the Vert.x clients (web client, SQL client) without a worker thread. It must never block.
 *
 * <pre>{@code
 * public final class FetchQuote implements AsyncActivity<QuoteRequest, Quote> {
 *   private final WebClient web;
 *   public FetchQuote(WebClient web) { this.web = web; }
 *   public Future<Quote> execute(ActivityContext ctx, QuoteRequest r) {
 *     return web.getAbs(r.url()).send().map(resp -> resp.bodyAsJson(Quote.class));
 *   }
 * }
 * }</pre>
 *
 * @param <I> the input type
 * @param <O> the result type
 */
@FunctionalInterface
public interface AsyncActivity<I, O> extends ActivityDefinition<I, O> {

  /**
   * Starts one attempt.
   *
   * @param ctx the attempt's context
   * @param input the input the workflow passed
   * @return the result; a failed future fails the attempt
   */
  Future<O> execute(ActivityContext ctx, I input);
}
