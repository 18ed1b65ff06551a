package io.continuum.core.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.lang.reflect.Type;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns Jackson's decode failures into a path and a reason a caller of the API can act on. */
final class DecodeErrors {
  private static final Pattern MISSING =
      Pattern.compile("Missing required creator property '([^']+)'");
  private static final Pattern FROM =
      Pattern.compile("from (String|Array|Object|Boolean|Integer|Floating-point|Null) value");

  private DecodeErrors() {}

  static PayloadException of(Type type, java.io.IOException e) {
    String path = "$";
    String reason = "not valid JSON";
    if (e instanceof JsonMappingException m) {
      path = path(m);
      if (e instanceof InvalidFormatException f) {
        reason = invalidFormat(f);
      } else if (e instanceof ValueInstantiationException v) {
        Throwable cause = v.getCause() == null ? v : v.getCause();
        reason = "refused by the type: " + cause.getMessage();
      } else if (e instanceof MismatchedInputException mi) {
        String message = String.valueOf(mi.getOriginalMessage());
        Matcher missing = MISSING.matcher(message);
        if (missing.find()) {
          String field = "." + missing.group(1);
          path = path.endsWith(field) ? path : path + field;
          reason = "missing required field";
        } else {
          reason = "expected " + kind(mi.getTargetType()) + got(message);
        }
      } else {
        reason = "does not fit the expected type";
      }
    } else if (e instanceof JsonProcessingException p) {
      reason = "not valid JSON: " + p.getOriginalMessage();
    }
    return new PayloadException(
        "cannot decode JSON as " + type.getTypeName() + " at " + path + ": " + reason,
        path,
        reason,
        e);
  }

  private static String invalidFormat(InvalidFormatException f) {
    Class<?> target = f.getTargetType();
    Object value = f.getValue();
    if (target != null && target.isEnum()) {
      return "unknown value '"
          + value
          + "'; one of: "
          + Arrays.stream(target.getEnumConstants())
              .map(c -> ((Enum<?>) c).name())
              .collect(Collectors.joining(", "));
    }
    return "'" + value + "' is not " + kind(target);
  }

  private static String path(JsonMappingException m) {
    StringBuilder sb = new StringBuilder("$");
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        sb.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String got(String message) {
    Matcher m = FROM.matcher(message);
    if (!m.find()) {
      return "";
    }
    return ", got "
        + switch (m.group(1)) {
          case "String" -> "a string";
          case "Array" -> "an array";
          case "Object" -> "an object";
          case "Boolean" -> "a boolean";
          case "Null" -> "null";
          default -> "a number";
        };
  }

  // What a JSON value of this Java type looks like, without naming the class.
  static String kind(Class<?> c) {
    if (c == null) {
      return "another value";
    }
    if (c.isEnum()) {
      return "one of: "
          + Arrays.stream(c.getEnumConstants())
              .map(e -> ((Enum<?>) e).name())
              .collect(Collectors.joining(", "));
    }
    if (c == boolean.class || c == Boolean.class) {
      return "a boolean";
    }
    if (c.isPrimitive() && c != char.class || Number.class.isAssignableFrom(c)) {
      return c == int.class
              || c == long.class
              || c == short.class
              || c == byte.class
              || c == Integer.class
              || c == Long.class
              || c == Short.class
              || c == Byte.class
              || c == java.math.BigInteger.class
          ? "an integer"
          : "a number";
    }
    if (CharSequence.class.isAssignableFrom(c)
        || c == char.class
        || c == Character.class
        || c == UUID.class
        || Temporal.class.isAssignableFrom(c)
        || TemporalAmount.class.isAssignableFrom(c)) {
      return "a string";
    }
    if (c.isArray() || Collection.class.isAssignableFrom(c)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(c)) {
      return "an object";
    }
    return "an object";
  }
}
