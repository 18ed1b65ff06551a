package io.continuum.http.impl;

import io.continuum.http.ApiKey;
import io.continuum.http.ApiKeys;
import io.continuum.http.Role;
import io.vertx.ext.web.RoutingContext;

/** The authenticated key behind a request, and the checks routes make against it. */
final class Caller {
  private static final String KEY = "continuum.caller";

  private Caller() {}

  /** Authenticates the bearer key, or answers 401; deny by default. */
  static void authenticate(RoutingContext ctx, ApiKeys keys) {
    String header = ctx.request().getHeader("Authorization");
    String token =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    var key = keys.authenticate(token);
    if (key.isEmpty()) {
      new Problem(
              401,
              "unauthorized",
              "Unauthorized",
              token == null
                  ? "send an API key as 'Authorization: Bearer ck_…'"
                  : "the API key is not valid")
          .send(ctx);
      return;
    }
    ctx.put(KEY, key.get());
    ctx.next();
  }

  static ApiKey of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** Checks the caller's role and namespace; a namespace it does not cover is 403. */
  static void require(RoutingContext ctx, Role role, String namespace) {
    ApiKey key = of(ctx);
    if (namespace != null && !key.covers(namespace)) {
      throw new ApiError(
          new Problem(
              403,
              "forbidden",
              "Forbidden",
              "the API key is not valid for namespace " + namespace));
    }
    if (!key.role().allows(role)) {
      throw new ApiError(
          new Problem(
              403,
              "forbidden",
              "Forbidden",
              "this needs the " + role.name().toLowerCase(java.util.Locale.ROOT) + " role"));
    }
  }
}
