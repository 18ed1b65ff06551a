package io.continuum.observer.impl;

import io.continuum.Continuum;
import io.continuum.runtime.Engine;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.templ.thymeleaf.ThymeleafTemplateEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The observer's route table under {@code /ui/}, and its static assets (served from the jar):
 * sessions ({@link SessionRoutes}), the reading pages ({@link RunPages}), the actions ({@link
 * RunActions}) and the live streams ({@link LiveStreams}), all rendered through {@link Pages}.
 * Every page reads through the engine's {@link Continuum} client confined to the page's namespace,
 * as the REST API does, and checks the session's key the way the REST API checks a bearer key.
 */
public final class ObserverRoutes {
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private final Pages pages;
  private final SessionRoutes sessionRoutes;
  private final RunPages runPages;
  private final RunActions runActions;
  private final LiveStreams liveStreams;
  private final Map<String, Buffer> assets = new HashMap<>();

  public ObserverRoutes(
      Vertx vertx, Engine engine, Sessions sessions, OneTimeLinks links, boolean secureCookies) {
    this.pages = new Pages(ThymeleafTemplateEngine.create(vertx), sessions);
    this.sessionRoutes = new SessionRoutes(pages, sessions, links, secureCookies);
    this.runPages = new RunPages(engine, pages);
    this.runActions = new RunActions(engine, pages);
    this.liveStreams = new LiveStreams(vertx, pages);
  }

  /** Adds the pages to {@code router}: {@code /} redirects to {@code /ui/}. */
  public void mount(Router router) {
    asset("app.css", "io/continuum/observer/assets/app.css");
    asset("app.js", "io/continuum/observer/assets/app.js");
    asset(
        "htmx.min.js",
        "META-INF/resources/webjars/htmx.org/" + Versions.HTMX + "/dist/htmx.min.js");
    asset("sse.js", "META-INF/resources/webjars/htmx-ext-sse/" + Versions.HTMX_SSE + "/sse.js");

    router.get("/").handler(ctx -> Pages.redirect(ctx, "/ui/"));
    router.route("/ui/*").handler(this::headers);
    router.get("/ui/assets/:file").handler(this::serveAsset);
    router.get("/ui/login").handler(sessionRoutes::loginPage);
    router.post("/ui/login").handler(sessionRoutes::login);
    router.route("/ui/*").handler(sessionRoutes::authenticate);
    router.post("/ui/*").handler(sessionRoutes::checkCsrf);
    router.post("/ui/logout").handler(sessionRoutes::logout);
    router.get("/ui/").handler(sessionRoutes::home);
    router.get("/ui/namespace").handler(sessionRoutes::switchNamespace);
    router.get("/ui/workflows").handler(pages.page(runPages::workflows));
    router
        .get("/ui/namespaces/:ns/runs")
        .handler(pages.page(ctx -> runPages.runs(ctx, "runs.html")));
    router.get("/ui/namespaces/:ns/runs/live").handler(liveStreams::indexLive);
    router
        .get("/ui/namespaces/:ns/runs/rows")
        .handler(pages.page(ctx -> runPages.runs(ctx, "rows.html")));
    router.get("/ui/namespaces/:ns/runs/counts").handler(pages.page(runPages::counts));
    router
        .get("/ui/namespaces/:ns/runs/:id")
        .handler(pages.page(ctx -> runPages.run(ctx, "run.html")));
    router
        .get("/ui/namespaces/:ns/runs/:id/panel")
        .handler(pages.page(ctx -> runPages.run(ctx, "panel.html")));
    router.get("/ui/namespaces/:ns/runs/:id/live").handler(liveStreams::runLive);
    router.get("/ui/namespaces/:ns/runs/:id/events/:seq").handler(pages.page(runPages::event));
    router.post("/ui/namespaces/:ns/runs/:id/cancel").handler(pages.page(runActions::cancel));
    router.post("/ui/namespaces/:ns/runs/:id/signal").handler(pages.page(runActions::signal));
    router
        .route("/ui/*")
        .handler(ctx -> pages.message(ctx, 404, "Not found", "no such page", null));
  }

  private void asset(String name, String resource) {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing observer asset " + resource);
      }
      assets.put(name, Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void serveAsset(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    Buffer body = assets.get(file);
    if (body == null) {
      pages.message(ctx, 404, "Not found", "no such asset", null);
      return;
    }
    ctx.response()
        .putHeader(
            "Content-Type",
            file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
        .putHeader("Cache-Control", "public, max-age=3600")
        .end(body);
  }

  private void headers(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
    ctx.next();
  }
}
