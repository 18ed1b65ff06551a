package io.continuum.observer.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuum.RunTerminal;
import io.continuum.http.Role;
import io.continuum.http.impl.JsonRules;
import io.continuum.runtime.Engine;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The actions a writer may take from a run's page — cancel and send a signal — by the same rules as
 * the REST API; each answers a fragment shown inline.
 */
final class RunActions {
  private static final Pattern SIGNAL = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final Engine engine;
  private final Pages pages;

  RunActions(Engine engine, Pages pages) {
    this.engine = engine;
    this.pages = pages;
  }

  Future<Void> cancel(RoutingContext ctx) {
    String ns = pages.namespace(ctx, Role.WRITER);
    String id = Pages.runId(ctx);
    return engine
        .client()
        .inNamespace(ns)
        .cancel(id)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                action(ctx, 200, true, "cancelled: run " + id + " is cancelled");
              } else if (ar.cause() instanceof RunTerminal t) {
                action(
                    ctx,
                    409,
                    false,
                    "not cancelled: the run already ended " + t.state().wireName());
              } else {
                return Future.failedFuture(ar.cause());
              }
              return Future.succeededFuture();
            });
  }

  Future<Void> signal(RoutingContext ctx) {
    String ns = pages.namespace(ctx, Role.WRITER);
    String id = Pages.runId(ctx);
    String name = ctx.request().getFormAttribute("signalName");
    String payload = ctx.request().getFormAttribute("payload");
    if (name == null || !SIGNAL.matcher(name.strip()).matches()) {
      action(ctx, 400, false, "a signal name is 1 to 128 of A-Z a-z 0-9 . _ : -");
      return Future.succeededFuture();
    }
    JsonNode body;
    try {
      body = JsonRules.parse(payload); // the REST API's rules; blank is null
    } catch (IllegalArgumentException e) {
      action(ctx, 400, false, "not sent: " + e.getMessage());
      return Future.succeededFuture();
    }
    String signal = name.strip();
    return engine
        .client()
        .inNamespace(ns)
        .signal(id, signal, body)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                action(ctx, 200, true, "signal '" + signal + "' delivered to " + id);
              } else if (ar.cause() instanceof RunTerminal t) {
                action(ctx, 409, false, "not sent: the run already ended " + t.state().wireName());
              } else {
                return Future.failedFuture(ar.cause());
              }
              return Future.succeededFuture();
            });
  }

  void action(RoutingContext ctx, int status, boolean ok, String message) {
    Map<String, Object> data = new HashMap<>();
    data.put("ok", ok);
    data.put("message", message);
    pages.render(ctx, status, "action.html", data);
  }
}
