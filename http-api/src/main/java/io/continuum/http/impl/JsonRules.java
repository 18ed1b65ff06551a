package io.continuum.http.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;

/**
 * The REST API's rules for JSON that people type, for other front ends on the same server (the web
 * observer): the same strict parsing and the same reading of search-attribute values, with the
 * reason of a refusal as an {@link IllegalArgumentException}.
 */
public final class JsonRules {
  private JsonRules() {}

  /** {@code text} parsed as a request body is: strict, finite, without NUL; blank is null. */
  public static JsonNode parse(String text) {
    try {
      return StrictJson.parse(Buffer.buffer(text == null ? "" : text));
    } catch (ApiError e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** A search-attribute filter value as {@code attr.<name>=value} reads it. */
  public static Object attributeValue(String text) {
    try {
      return Bodies.queryValue(text);
    } catch (ApiError e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }
}
