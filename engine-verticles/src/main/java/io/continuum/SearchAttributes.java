package io.continuum;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules for search attributes: names of 1 to 64 letters, digits and {@code _ . -} starting with
 * a letter or {@code _}; values that are strings (up to {@value #MAX_STRING} characters), numbers,
 * booleans or lists of those; at most {@value #MAX_ENTRIES} entries per map.
 *
 * <pre>{@code
 * client.setAttributes(runId, Map.of("customer", "c-17", "priority", 2, "tags", List.of("vip")));
 * }</pre>
 */
public final class SearchAttributes {

  /** Attribute names. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

  /** The most entries one map may set. */
  public static final int MAX_ENTRIES = 64;

  /** The longest string value. */
  public static final int MAX_STRING = 1024;

  private SearchAttributes() {}

  /**
   * Checks an attribute map and returns an immutable copy sorted by name (so that equal maps encode
   * to equal JSON).
   *
   * @throws InvalidQuery when a name or value breaks the rules
   */
  public static Map<String, Object> validate(Map<String, ?> attributes) {
    if (attributes == null) {
      return Map.of();
    }
    if (attributes.size() > MAX_ENTRIES) {
      throw new InvalidQuery("at most " + MAX_ENTRIES + " search attributes at a time");
    }
    var copy = new TreeMap<String, Object>();
    attributes.forEach(
        (name, value) -> {
          if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidQuery(
                "search attribute name '"
                    + name
                    + "' must be 1-64 characters of [A-Za-z0-9_.-] starting with a letter or _");
          }
          checkValue(name, value, true);
          copy.put(name, value);
        });
    return Collections.unmodifiableMap(copy);
  }

  private static void checkValue(String name, Object value, boolean listAllowed) {
    if (value instanceof String s) {
      if (s.length() > MAX_STRING) {
        throw new InvalidQuery(
            "search attribute '" + name + "' is longer than " + MAX_STRING + " characters");
      }
    } else if (value instanceof Collection<?> list && listAllowed) {
      if (list.size() > MAX_ENTRIES) {
        throw new InvalidQuery("search attribute '" + name + "' has more than 64 elements");
      }
      list.forEach(v -> checkValue(name, v, false));
    } else if (value instanceof Number n && !isFinite(n)) {
      throw new InvalidQuery(
          "search attribute '" + name + "' must be a finite number, not " + value);
    } else if (!(value instanceof Number || value instanceof Boolean)) {
      throw new InvalidQuery(
          "search attribute '"
              + name
              + "' must be a string, number, boolean or a list of those, not "
              + (value == null ? "null" : value.getClass().getSimpleName()));
    }
  }

  // JSON has no Infinity or NaN: such a value would be stored as a string, or refused later.
  private static boolean isFinite(Number n) {
    return !(n instanceof Double d && !Double.isFinite(d))
        && !(n instanceof Float f && !Float.isFinite(f));
  }
}
