package io.continuum.http;

import io.continuum.http.impl.ApiRouter;
import io.continuum.runtime.Engine;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Objects;

/**
 * The REST API: a versioned HTTP API over an engine's client, described by the OpenAPI 3.1 document
 * it serves at {@code /v1/openapi.json}. Errors are {@code application/problem+json}; every route
 * but {@code /v1/health} and {@code /v1/openapi.json} needs an API key.
 *
 * <pre>{@code
 * engine.deploy(vertx)
 *     .compose(e -> vertx.deployVerticle(new HttpApiVerticle(e, HttpApiOptions.defaults()
 *         .withPort(8080)
 *         .withApiKeys(keys))));
 * }</pre>
 */
public final class HttpApiVerticle extends VerticleBase {
  private final Engine engine;
  private final HttpApiOptions options;
  private final List<HttpMount> mounts;
  private HttpServer server;
  private HttpServer management;

  public HttpApiVerticle(Engine engine, HttpApiOptions options) {
    this(engine, options, List.of());
  }

  /** The API and, on the same server, the routes of {@code mounts} (the web observer, say). */
  public HttpApiVerticle(Engine engine, HttpApiOptions options, List<? extends HttpMount> mounts) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.options = Objects.requireNonNull(options, "options");
    this.mounts = List.copyOf(mounts);
  }

  @Override
  public Future<?> start() {
    Router router = ApiRouter.create(vertx, engine, options);
    Future<Void> mounted = Future.succeededFuture();
    for (HttpMount m : mounts) {
      mounted = mounted.compose(v -> m.mount(vertx, router));
    }
    return mounted.compose(v -> listen(router));
  }

  private Future<?> listen(Router router) {
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost(options.host())
                .setPort(options.port())
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(16384)
                .setCompressionSupported(true)
                // HTTP/1.1 only in cleartext: the h2c upgrade of a compressed response broke
                // java.net.http clients (a frame-size protocol error), and SSE and long polls
                // need nothing HTTP/2 adds.
                .setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen()
        .onSuccess(s -> server = s)
        .compose(s -> options.managementPort() < 0 ? Future.succeededFuture() : management());
  }

  private Future<HttpServer> management() {
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost(options.managementHost())
                .setPort(options.managementPort())
                .setHttp2ClearTextEnabled(false))
        .requestHandler(ApiRouter.management(vertx, engine, options))
        .listen()
        .onSuccess(s -> management = s);
  }

  @Override
  public Future<?> stop() {
    Future<Void> main = server == null ? Future.succeededFuture() : server.close();
    return management == null ? main : main.compose(v -> management.close());
  }

  /** The management port listened on; -1 when there is none. */
  public int actualManagementPort() {
    return management == null ? -1 : management.actualPort();
  }

  /** The port listened on (useful with port 0); -1 before the verticle started. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
