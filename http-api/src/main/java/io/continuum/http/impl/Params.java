package io.continuum.http.impl;

import io.continuum.StartOptions;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/** Path and query parameters, validated: a bad one is a 400 naming it. */
final class Params {
  /** Signal names: 1 to 128 characters of letters, digits and {@code . _ : -}. */
  static final Pattern SIGNAL = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private Params() {}

  static String namespace(RoutingContext ctx) {
    String ns = ctx.pathParam("namespace");
    StrictJson.checkNoNul(ns, "the namespace");
    if (!StartOptions.NAMESPACE.matcher(ns).matches()) {
      throw ApiError.badRequest(
          "invalid-namespace",
          "a namespace is 1-63 characters of [a-z0-9-] starting with a letter");
    }
    return ns;
  }

  static String runId(RoutingContext ctx) {
    return runId(ctx.pathParam("runId"));
  }

  static String runId(String id) {
    StrictJson.checkNoNul(id, "the run id");
    if (!StartOptions.RUN_ID.matcher(id).matches()) {
      throw ApiError.badRequest(
          "invalid-run-id",
          "a run id is 1-200 characters of [A-Za-z0-9._:-] starting with a letter or digit");
    }
    return id;
  }

  static String signalName(RoutingContext ctx) {
    String name = ctx.pathParam("signal");
    StrictJson.checkNoNul(name, "the signal name");
    if (!SIGNAL.matcher(name).matches()) {
      throw ApiError.badRequest(
          "invalid-signal-name", "a signal name is 1-128 characters of [A-Za-z0-9._:-]");
    }
    return name;
  }

  /** Rejects query parameters outside {@code allowed} (and outside {@code attr.*} if allowed). */
  static void onlyKnown(MultiMap query, Set<String> allowed, boolean attributes) {
    for (String name : query.names()) {
      if (!allowed.contains(name) && !(attributes && name.startsWith("attr."))) {
        throw ApiError.badRequest(
            "unknown-parameter",
            "unknown query parameter '"
                + clip(name)
                + (allowed.isEmpty()
                    ? "'; this route takes no query parameters"
                    : "'; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed))
                        + (attributes ? ", attr.<name>" : "")));
      }
      if (query.getAll(name).size() > 1 && !"state".equals(name)) {
        throw ApiError.badRequest(
            "invalid-parameter", "query parameter '" + clip(name) + "' is given more than once");
      }
      if ("cursor".equals(name) && query.get(name).indexOf('\0') >= 0) {
        throw ApiError.badRequest("invalid-query", "the cursor is malformed");
      }
      query.getAll(name).forEach(v -> StrictJson.checkNoNul(v, "parameter " + clip(name)));
    }
  }

  static Integer integer(MultiMap query, String name, int min) {
    String v = query.get(name);
    if (v == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min) {
        throw ApiError.badRequest("invalid-parameter", name + " must be >= " + min);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("invalid-parameter", name + " must be an integer");
    }
  }

  static Instant instant(MultiMap query, String name) {
    String v = query.get(name);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeException e) {
      throw ApiError.badRequest(
          "invalid-parameter", name + " must be an ISO-8601 instant like 2026-01-01T00:00:00Z");
    }
  }

  static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
