package io.continuum.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * More routes on the REST API's HTTP server (the web observer mounts itself this way), added after
 * the API's own routes and before its not-found answer. It runs on the API verticle's context each
 * time the verticle starts.
 *
 * <pre>{@code
 * HttpMount hello = (vertx, router) -> {
 *   router.get("/hello").handler(ctx -> ctx.end("hello"));
 *   return Future.succeededFuture();
 * };
 * vertx.deployVerticle(new HttpApiVerticle(engine, options, List.of(hello)));
 * }</pre>
 */
@FunctionalInterface
public interface HttpMount {

  /** Adds routes to {@code router}; the server listens once every mount's future succeeded. */
  Future<Void> mount(Vertx vertx, Router router);
}
