package io.continuum.observer.impl;

import io.continuum.RunNotFound;
import io.continuum.RunRef;
import io.continuum.StartOptions;
import io.continuum.http.ApiKey;
import io.continuum.http.Role;
import io.continuum.observer.impl.Sessions.Session;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.templ.thymeleaf.ThymeleafTemplateEngine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What every observer page shares: rendering a template with the session's facts (who, CSRF token,
 * may they write), the error pages (a missing run is a 404 page, a forbidden namespace a 403), and
 * reading the namespace and run id of a request against the session's key.
 */
final class Pages {
  private static final String TEMPLATES = "io/continuum/observer/templates/";
  private static final Pattern NAMESPACE = StartOptions.NAMESPACE;
  private static final Pattern RUN_ID = StartOptions.RUN_ID;

  private final ThymeleafTemplateEngine templates;
  private final Sessions sessions;

  Pages(ThymeleafTemplateEngine templates, Sessions sessions) {
    this.templates = templates;
    this.sessions = sessions;
  }

  static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(303).putHeader("Location", to).end();
  }

  io.vertx.core.Handler<RoutingContext> page(Function<RoutingContext, Future<Void>> route) {
    return ctx -> {
      Future<Void> done;
      try {
        done = route.apply(ctx);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onFailure(err -> failed(ctx, err));
    };
  }

  void failed(RoutingContext ctx, Throwable err) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (err instanceof RunNotFound nf) {
      message(ctx, 404, "Not found", "no run '" + nf.runId() + "' in this namespace", null);
    } else if (err instanceof Forbidden f) {
      message(ctx, 403, "Forbidden", f.getMessage(), null);
    } else if (err instanceof BadInput b) {
      message(ctx, 400, "Bad request", b.getMessage(), null);
    } else {
      message(ctx, 503, "Unavailable", "the engine could not answer: " + err.getMessage(), null);
    }
  }

  void message(RoutingContext ctx, int status, String heading, String text, String back) {
    Map<String, Object> data = base(ctx);
    data.put("heading", heading);
    data.put("message", text);
    data.put("back", back);
    render(ctx, status, "message.html", data);
  }

  Map<String, Object> base(RoutingContext ctx) {
    Map<String, Object> data = new HashMap<>();
    Session s = ctx.get("session");
    if (s != null) {
      ApiKey k = s.apiKey();
      Map<String, Object> who = new HashMap<>();
      who.put("keyId", k.id());
      who.put("role", k.role().name().toLowerCase(java.util.Locale.ROOT));
      who.put("namespaces", String.join(",", new java.util.TreeSet<>(k.namespaces())));
      data.put("session", who);
      data.put("csrf", sessions.csrf(s));
      data.put("canWrite", k.role().allows(Role.WRITER));
      data.put("namespace", homeNamespace(k));
    } else {
      data.put("session", null);
      data.put("canWrite", false);
    }
    return data;
  }

  void render(RoutingContext ctx, int status, String template, Map<String, Object> data) {
    templates
        .render(data, TEMPLATES + template)
        .onSuccess(
            html -> {
              if (!ctx.response().ended()) {
                ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(html);
              }
            })
        .onFailure(
            err -> {
              if (!ctx.response().ended()) {
                ctx.response()
                    .setStatusCode(500)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("the page could not be rendered");
              }
            });
  }

  static String homeNamespace(ApiKey key) {
    if (key.covers(RunRef.DEFAULT_NAMESPACE)) {
      return RunRef.DEFAULT_NAMESPACE;
    }
    return key.namespaces().stream()
        .filter(n -> !"*".equals(n))
        .sorted()
        .findFirst()
        .orElse("default");
  }

  /** The page's namespace, checked against the session's key (403 when it does not cover it). */
  String namespace(RoutingContext ctx, Role role) {
    String ns = ctx.pathParam("ns");
    if (ns == null || !NAMESPACE.matcher(ns).matches()) {
      throw new BadInput("not a namespace: " + ns);
    }
    ApiKey key = ((Session) ctx.get("session")).apiKey();
    if (!key.covers(ns)) {
      throw new Forbidden("the API key is not valid for namespace " + ns);
    }
    if (!key.role().allows(role)) {
      throw new Forbidden(
          "this needs the " + role.name().toLowerCase(java.util.Locale.ROOT) + " role");
    }
    return ns;
  }

  static String runId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !RUN_ID.matcher(id).matches()) {
      throw new RunNotFound(id == null ? "" : id);
    }
    return id;
  }

  static Integer intParam(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new BadInput(name + " must be >= 0");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadInput(name + " must be a number");
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static final class Forbidden extends RuntimeException {
    Forbidden(String message) {
      super(message, null, false, false);
    }
  }

  static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message, null, false, false);
    }
  }
}
