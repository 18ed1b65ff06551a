package io.continuum.core.payload;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Decodes the simplest JSON forms of common scalar types without Jackson: a string without escapes,
 * a plain integer, {@code true}/{@code false}. Anything else returns {@link #MISS} and goes through
 * Jackson, so results never differ from Jackson's, only their cost (replay decodes many of these).
 */
final class ScalarJson {
  static final Object MISS = new Object();

  private ScalarJson() {}

  static Object decode(byte[] json, Class<?> type) {
    if (type == String.class) {
      return plainString(json);
    }
    if (type == Integer.class || type == int.class) {
      long v = plainLong(json, 10);
      return v == Long.MIN_VALUE || v != (int) v ? MISS : (Object) (int) v;
    }
    if (type == Long.class || type == long.class) {
      long v = plainLong(json, 18);
      return v == Long.MIN_VALUE ? MISS : (Object) v;
    }
    if (type == Boolean.class || type == boolean.class) {
      return json.length == 4
              && json[0] == 't'
              && json[1] == 'r'
              && json[2] == 'u'
              && json[3] == 'e'
          ? Boolean.TRUE
          : json.length == 5
                  && json[0] == 'f'
                  && json[1] == 'a'
                  && json[2] == 'l'
                  && json[3] == 's'
                  && json[4] == 'e'
              ? Boolean.FALSE
              : MISS;
    }
    if (type == UUID.class || type == Instant.class) {
      Object text = plainString(json);
      if (text == MISS) {
        return MISS;
      }
      try {
        return type == UUID.class ? uuid((String) text) : Instant.parse((String) text);
      } catch (IllegalArgumentException | DateTimeParseException e) {
        return MISS;
      }
    }
    return MISS;
  }

  // "..." with printable ASCII or UTF-8 and no escapes.
  private static Object plainString(byte[] json) {
    int n = json.length;
    if (n < 2 || json[0] != '"' || json[n - 1] != '"') {
      return MISS;
    }
    for (int i = 1; i < n - 1; i++) {
      byte b = json[i];
      if (b == '\\' || b == '"' || (b >= 0 && b < 0x20)) {
        return MISS;
      }
    }
    return new String(json, 1, n - 2, StandardCharsets.UTF_8);
  }

  // An optional minus and 1..maxDigits digits without a leading zero (except "0"); else MIN_VALUE.
  private static long plainLong(byte[] json, int maxDigits) {
    int n = json.length;
    int i = n > 0 && json[0] == '-' ? 1 : 0;
    int digits = n - i;
    if (digits < 1 || digits > maxDigits || (json[i] == '0' && digits > 1)) {
      return Long.MIN_VALUE;
    }
    long v = 0;
    for (; i < n; i++) {
      int d = json[i] - '0';
      if (d < 0 || d > 9) {
        return Long.MIN_VALUE;
      }
      v = v * 10 + d;
    }
    return json[0] == '-' ? -v : v;
  }

  // UUID.fromString accepts shorter groups; Jackson requires the canonical 36-character form.
  private static UUID uuid(String s) {
    if (s.length() != 36
        || s.charAt(8) != '-'
        || s.charAt(13) != '-'
        || s.charAt(18) != '-'
        || s.charAt(23) != '-') {
      throw new IllegalArgumentException(s);
    }
    return UUID.fromString(s);
  }
}
