package io.continuum.observer.impl;

import io.continuum.RunRef;
import io.continuum.http.Role;
import io.continuum.runtime.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The pages' live streams (SSE): each says {@code changed} when an engine notification concerns the
 * page, and htmx re-fetches the rows or the run's panel.
 */
final class LiveStreams {
  private final Vertx vertx;
  private final Pages pages;

  LiveStreams(Vertx vertx, Pages pages) {
    this.vertx = vertx;
    this.pages = pages;
  }

  void indexLive(RoutingContext ctx) {
    String ns;
    try {
      ns = pages.namespace(ctx, Role.READER);
    } catch (RuntimeException e) {
      pages.failed(ctx, e);
      return;
    }
    stream(ctx, Addresses.RUNS_EVENTS, body -> ns.equals(body.getString("namespace")));
  }

  void runLive(RoutingContext ctx) {
    String ns;
    String id;
    try {
      ns = pages.namespace(ctx, Role.READER);
      id = Pages.runId(ctx);
    } catch (RuntimeException e) {
      pages.failed(ctx, e);
      return;
    }
    stream(ctx, Addresses.runStatus(RunRef.of(ns, id)), body -> true);
  }

  /** An SSE stream that says "changed" whenever a matching notification arrives. */
  void stream(
      RoutingContext ctx, String address, java.util.function.Predicate<JsonObject> matches) {
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Encoding", "identity")
        .putHeader("X-Accel-Buffering", "no");
    response.write(": live\n\n");
    MessageConsumer<JsonObject> consumer =
        vertx
            .eventBus()
            .consumer(
                address,
                m -> {
                  if (matches.test(m.body()) && !response.closed()) {
                    response.write(
                        "event: changed\ndata: " + m.body().getInteger("seq", 0) + "\n\n");
                  }
                });
    long keepAlive =
        vertx.setPeriodic(
            15_000,
            t -> {
              if (!response.closed()) {
                response.write(": keep-alive\n\n");
              }
            });
    response.closeHandler(
        v -> {
          vertx.cancelTimer(keepAlive);
          consumer.unregister();
        });
  }
}
