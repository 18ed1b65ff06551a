package io.continuum.http.impl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies, parsed strictly: valid UTF-8 only, no NUL anywhere, no duplicate keys, one JSON
 * value with nothing after it, and Jackson's stream limits (nesting depth, string and number
 * length) set well below what could hurt the server.
 */
final class StrictJson {
  static final int MAX_DEPTH = 64;
  static final int MAX_STRING = 256 * 1024;
  static final int MAX_NUMBER = 100;
  static final int MAX_NAME = 1024;

  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(MAX_STRING)
                          .maxNumberLength(MAX_NUMBER)
                          .maxNameLength(MAX_NAME)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private StrictJson() {}

  /** The body as JSON; an empty body is {@code null} JSON. */
  static JsonNode parse(Buffer body) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes();
    checkText(bytes);
    if (isBlank(bytes)) {
      return JSON.nullNode();
    }
    try (JsonParser p = JSON.createParser(bytes)) {
      JsonNode node = JSON.readTree(p);
      checkNoNul(node);
      checkFinite(node);
      return node;
    } catch (IOException e) {
      throw ApiError.badRequest("invalid-json", "the body is not valid JSON: " + firstLine(e));
    }
  }

  /** Rejects invalid UTF-8 and raw NUL bytes. */
  static void checkText(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        throw ApiError.badRequest("invalid-text", "the body contains a NUL byte");
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw ApiError.badRequest("invalid-text", "the body is not valid UTF-8");
    }
  }

  /** Rejects a NUL character (an escaped {@code \u0000}) in any name or string. */
  static void checkNoNul(JsonNode node) {
    if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
      throw ApiError.badRequest("invalid-text", "a string contains a NUL character");
    }
    if (node.isObject()) {
      node.fieldNames()
          .forEachRemaining(
              name -> {
                if (name.indexOf('\0') >= 0) {
                  throw ApiError.badRequest("invalid-text", "a name contains a NUL character");
                }
              });
    }
    node.forEach(StrictJson::checkNoNul);
  }

  /**
   * Rejects a number too large for a double ({@code 1e999999}): it would be read as Infinity, which
   * JSON cannot carry, and be stored as the string "Infinity".
   */
  static void checkFinite(JsonNode node) {
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      throw ApiError.badRequest(
          "invalid-json", "a number is out of range: JSON numbers must be finite");
    }
    node.forEach(StrictJson::checkFinite);
  }

  /** Rejects NUL characters in a decoded path or query value. */
  static void checkNoNul(String value, String what) {
    if (value.indexOf('\0') >= 0) {
      throw ApiError.badRequest("invalid-text", what + " contains a NUL character");
    }
  }

  static ObjectMapper mapper() {
    return JSON;
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static String firstLine(IOException e) {
    String m =
        String.valueOf(
            e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
