package io.continuum.http.impl;

import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.http.HttpApiOptions;
import io.continuum.http.Role;
import io.continuum.runtime.Engine;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** The REST API's routes; the contract is {@code openapi.json} next to this package. */
public final class ApiRouter {
  private static final String RUNS = "/v1/namespaces/:namespace/runs";
  private static final String RUN = RUNS + "/:runId";
  private static final Duration HEALTH_BUDGET = Duration.ofMillis(900);

  private ApiRouter() {}

  /** Builds the router for {@code engine}. */
  public static Router create(Vertx vertx, Engine engine, HttpApiOptions options) {
    Router router = Router.router(vertx);
    var runs = new RunRoutes(engine.client());
    var control = new ControlRoutes(engine.client(), options.maxAwait(), options.cancelWait());
    var events = new EventStream(vertx, engine.client());
    Buffer openApi = openApi();

    router
        .route()
        .handler(
            ctx -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              ctx.next();
            });
    router
        .get("/v1/openapi.json")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(openApi));
    router.route("/v1/*").handler(ctx -> deadline(ctx, options.requestTimeout()));
    router.get("/v1/health").handler(ctx -> health(ctx, engine));
    router.route("/v1/*").handler(ctx -> Caller.authenticate(ctx, options.apiKeys()));
    router.route("/metrics").handler(ctx -> Caller.authenticate(ctx, options.apiKeys()));
    router
        .route()
        .handler(
            BodyHandler.create(false)
                .setBodyLimit(options.bodyLimitBytes())
                .setHandleFileUploads(false));

    router.post(RUNS).handler(endpoint(runs::start));
    router.get(RUNS).handler(endpoint(runs::list));
    router.get(RUN).handler(endpoint(runs::get));
    router.get(RUN + "/history").handler(endpoint(runs::history));
    router.patch(RUN + "/attributes").handler(endpoint(runs::setAttributes));
    router.post(RUN + "/signals/:signal").handler(endpoint(control::signal));
    router.post(RUN + "/cancel").handler(endpoint(control::cancel));
    router.post("/v1/completions/:token").handler(endpoint(control::complete));
    router.get(RUN + "/result").handler(endpoint(control::result));
    router.get(RUN + "/queries/:query").handler(endpoint(control::query));
    router.post(RUN + "/updates/:update").handler(endpoint(control::update));
    router.get(RUN + "/events").handler(endpoint(events::open));
    var schemas = new TypeSchemas();
    router.get("/v1/workflows").handler(endpoint(ctx -> workflows(ctx, engine, schemas)));
    router.get("/metrics").handler(endpoint(ctx -> metrics(ctx, options)));

    router.route().failureHandler(ApiRouter::failure);
    router.errorHandler(404, ctx -> Problem.notFound("not-found", "no such resource").send(ctx));
    router.errorHandler(
        405,
        ctx ->
            new Problem(
                    405,
                    "method-not-allowed",
                    "Method not allowed",
                    "this resource does not accept " + ctx.request().method())
                .send(ctx));
    return router;
  }

  /** A handler whose synchronous throws and failed futures both become problems. */
  private static Handler<RoutingContext> endpoint(Function<RoutingContext, Future<Void>> route) {
    return ctx -> {
      Future<Void> done;
      try {
        done = route.apply(ctx);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onFailure(err -> Problem.of(err).send(ctx));
    };
  }

  private static void failure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (ctx.failure() != null) {
      Problem.of(ctx.failure()).send(ctx);
    } else if (status == 413) {
      new Problem(
              413,
              "payload-too-large",
              "Payload too large",
              "the body is larger than this server accepts")
          .send(ctx);
    } else if (status == 400) {
      Problem.badRequest("invalid-request", "the request is malformed").send(ctx);
    } else {
      new Problem(status, "http-" + status, "HTTP " + status, "the request failed").send(ctx);
    }
  }

  // Long polls (a result's or an update's wait, an event stream) are bounded by their own wait.
  private static void deadline(RoutingContext ctx, Duration limit) {
    String path = ctx.request().path();
    if (path.endsWith("/result") || path.endsWith("/events") || path.contains("/updates/")) {
      ctx.next();
      return;
    }
    long timer =
        ctx.vertx()
            .setTimer(
                limit.toMillis(),
                id ->
                    Problem.unavailable(
                            "the request did not finish within " + limit.toMillis() + " ms")
                        .send(ctx));
    ctx.addEndHandler(ar -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }

  /**
   * 200 when this node can serve requests, else 503 naming the failing dependency; answers within a
   * second whatever the database is doing.
   */
  private static void health(RoutingContext ctx, Engine engine) {
    long began = System.nanoTime();
    engine
        .journal()
        .checkHealth()
        .timeout(HEALTH_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
        .onComplete(
            ar -> {
              long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
              var journal =
                  new JsonObject().put("status", ar.succeeded() ? "up" : "down").put("ms", ms);
              if (ar.failed()) {
                journal.put("detail", healthDetail(ar.cause()));
              }
              var body =
                  new JsonObject()
                      .put("status", ar.succeeded() ? "up" : "down")
                      .put("node", engine.owner())
                      .put("checks", new JsonObject().put("journal", journal));
              if (ar.failed()) {
                ctx.response().putHeader("Retry-After", Problem.RETRY_AFTER_SECONDS);
              }
              Bodies.send(ctx, ar.succeeded() ? 200 : 503, body);
            });
  }

  private static String healthDetail(Throwable err) {
    if (err instanceof TimeoutException) {
      return "no answer within " + HEALTH_BUDGET.toMillis() + " ms";
    }
    String m = String.valueOf(err.getMessage());
    return m.startsWith("health: ") ? m.substring("health: ".length()) : m;
  }

  private static Future<Void> workflows(RoutingContext ctx, Engine engine, TypeSchemas schemas) {
    Caller.require(ctx, Role.READER, null);
    var list = new JsonArray();
    for (WorkflowDefinition def : engine.workflows()) {
      var versions = new JsonArray();
      for (WorkflowDefinition v : engine.workflowVersions()) {
        if (v.type().equals(def.type())) {
          versions.add(
              new JsonObject()
                  .put("versionHash", v.versionHash())
                  .put("class", v.workflowClass().getName())
                  .put("newest", v == def));
        }
      }
      list.add(
          new JsonObject()
              .put("type", def.type())
              .put("class", def.workflowClass().getName())
              .put("versionHash", def.versionHash())
              .put("inputType", typeName(def.inputType()))
              .put("resultType", typeName(def.resultType()))
              .put("inputSchema", schemas.of(def.inputType()))
              .put("resultSchema", schemas.of(def.resultType()))
              .put("versions", versions));
    }
    return Bodies.send(ctx, 200, new JsonObject().put("workflows", list));
  }

  private static String typeName(java.lang.reflect.Type type) {
    return type instanceof com.fasterxml.jackson.databind.JavaType j
        ? j.toCanonical()
        : type.getTypeName();
  }

  private static Future<Void> metrics(RoutingContext ctx, HttpApiOptions options) {
    Caller.require(ctx, Role.METRICS, "*");
    return scrape(ctx, options);
  }

  /** The Prometheus text, or 404 when the server has no registry. */
  static Future<Void> scrape(RoutingContext ctx, HttpApiOptions options) {
    if (options.prometheus() == null) {
      throw new ApiError(Problem.notFound("not-found", "metrics are not enabled on this server"));
    }
    return ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(options.prometheus().scrape());
  }

  /**
   * The management port's routes: {@code /metrics} and {@code /health}, without keys (the port is
   * for the operator's network, loopback by default).
   */
  public static Router management(Vertx vertx, Engine engine, HttpApiOptions options) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(endpoint(ctx -> scrape(ctx, options)));
    router.get("/health").handler(ctx -> health(ctx, engine));
    router.route().failureHandler(ApiRouter::failure);
    router.errorHandler(404, ctx -> Problem.notFound("not-found", "no such resource").send(ctx));
    return router;
  }

  private static Buffer openApi() {
    try (InputStream in = ApiRouter.class.getResourceAsStream("/io/continuum/http/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
