package io.continuum.http.impl;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.continuum.InvalidQuery;
import io.continuum.SearchAttributes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;

/** Reading request bodies and writing JSON answers. */
final class Bodies {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private Bodies() {}

  /** The body as JSON; a non-empty body must say it is JSON (415 otherwise). */
  static JsonNode json(RoutingContext ctx) {
    var body = ctx.body().buffer();
    if (body != null && body.length() > 0) {
      String type = ctx.request().getHeader("Content-Type");
      String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!mime.equals("application/json") && !mime.endsWith("+json")) {
        throw new ApiError(
            new Problem(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                "send the body as application/json"));
      }
    }
    return StrictJson.parse(body);
  }

  /** The body, which must be a JSON object. */
  static JsonNode object(RoutingContext ctx) {
    JsonNode node = json(ctx);
    if (!node.isObject()) {
      throw ApiError.badRequest("invalid-request", "the body must be a JSON object");
    }
    return node;
  }

  /** A search-attribute object, checked by {@link SearchAttributes}'s rules. */
  static Map<String, Object> attributes(JsonNode node, String what) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw ApiError.badRequest("invalid-attributes", what + " must be a JSON object");
    }
    try {
      return SearchAttributes.validate(StrictJson.mapper().convertValue(node, MAP));
    } catch (InvalidQuery e) {
      throw ApiError.badRequest("invalid-attributes", e.getMessage());
    }
  }

  /** A query-string attribute value: a JSON scalar when it parses as one, else the text. */
  static Object queryValue(String text) {
    try {
      JsonNode node = StrictJson.mapper().readTree(text);
      if (node != null && node.isValueNode() && !node.isNull()) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
          throw ApiError.badRequest(
              "invalid-query", "a search-attribute filter's number must be finite");
        }
        return StrictJson.mapper().convertValue(node, Object.class);
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      // not JSON: the text itself
    }
    return text;
  }

  static Future<Void> send(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return Future.succeededFuture(); // its deadline answered already
    }
    return ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
