package io.continuum.observer.impl;

import io.continuum.StartOptions;
import io.continuum.observer.impl.Sessions.Session;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Logging in and out: the login form and the one-time login link, the session cookie, the check
 * that every other page has a session and every POST its CSRF token, and the namespace switcher.
 */
final class SessionRoutes {
  private static final Pattern NAMESPACE = StartOptions.NAMESPACE;

  private final Pages pages;
  private final Sessions sessions;
  private final OneTimeLinks links;
  private final boolean secureCookies;

  SessionRoutes(Pages pages, Sessions sessions, OneTimeLinks links, boolean secureCookies) {
    this.pages = pages;
    this.sessions = sessions;
    this.links = links;
    this.secureCookies = secureCookies;
  }

  void loginPage(RoutingContext ctx) {
    String once = ctx.request().getParam("once");
    if (once != null) {
      var key = links.redeem(once);
      if (key.isPresent()) {
        sessions
            .forKey(key.get())
            .ifPresentOrElse(
                s -> startSession(ctx, s),
                () -> loginForm(ctx, 401, "the login link is for a key this server no longer has"));
      } else {
        loginForm(
            ctx, 401, "the login link was used already or has expired: log in with the API key");
      }
      return;
    }
    loginForm(ctx, 200, null);
  }

  void loginForm(RoutingContext ctx, int status, String error) {
    Map<String, Object> data = pages.base(ctx);
    data.put("error", error);
    pages.render(ctx, status, "login.html", data);
  }

  void login(RoutingContext ctx) {
    String key = ctx.request().getFormAttribute("apiKey");
    sessions
        .open(key)
        .ifPresentOrElse(
            s -> startSession(ctx, s), () -> loginForm(ctx, 401, "that is not a valid API key"));
  }

  void startSession(RoutingContext ctx, Session s) {
    ctx.response()
        .addCookie(
            Cookie.cookie(Sessions.COOKIE, s.cookie())
                .setPath("/ui/")
                .setHttpOnly(true)
                .setSecure(secureCookies)
                .setSameSite(CookieSameSite.STRICT)
                .setMaxAge(sessions.ttl().toSeconds()));
    Pages.redirect(ctx, "/ui/");
  }

  void logout(RoutingContext ctx) {
    ctx.response()
        .addCookie(
            Cookie.cookie(Sessions.COOKIE, "")
                .setPath("/ui/")
                .setHttpOnly(true)
                .setSecure(secureCookies)
                .setSameSite(CookieSameSite.STRICT)
                .setMaxAge(0));
    Pages.redirect(ctx, "/ui/login");
  }

  void authenticate(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
    var session = sessions.verify(cookie == null ? null : cookie.getValue());
    if (session.isEmpty()) {
      if ("GET".equals(ctx.request().method().name())
          && ctx.request().getHeader("HX-Request") == null) {
        Pages.redirect(ctx, "/ui/login");
      } else {
        ctx.response().putHeader("HX-Redirect", "/ui/login");
        pages.message(ctx, 401, "Logged out", "the session ended: log in again", "/ui/login");
      }
      return;
    }
    ctx.put("session", session.get());
    ctx.next();
  }

  void checkCsrf(RoutingContext ctx) {
    Session s = ctx.get("session");
    String token = ctx.request().getFormAttribute("csrf");
    if (token == null) {
      token = ctx.request().getHeader("X-CSRF-Token");
    }
    if (!sessions.csrfMatches(s, token)) {
      pages.message(ctx, 403, "Forbidden", "missing or wrong CSRF token: reload the page", null);
      return;
    }
    ctx.next();
  }

  void home(RoutingContext ctx) {
    Session s = ctx.get("session");
    Pages.redirect(ctx, "/ui/namespaces/" + Pages.homeNamespace(s.apiKey()) + "/runs");
  }

  void switchNamespace(RoutingContext ctx) {
    String ns = ctx.request().getParam("ns");
    if (ns == null || !NAMESPACE.matcher(ns.strip()).matches()) {
      pages.message(
          ctx, 400, "Bad request", "a namespace is 1-63 of a-z 0-9 - starting with a letter", null);
      return;
    }
    Pages.redirect(ctx, "/ui/namespaces/" + ns.strip() + "/runs");
  }
}
