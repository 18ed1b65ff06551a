package io.continuum.server;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The durations the command line and the config file take: a number with a unit ({@code 500ms},
 * {@code 45s}, {@code 90m}, {@code 12h}, {@code 30d}) or ISO-8601 ({@code PT10S}, {@code P30D}).
 *
 * <pre>{@code
 * Duration d = Durations.parse("750ms");
 * }</pre>
 */
final class Durations {
  private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})(ms|[smhd])");

  private Durations() {}

  /**
   * Parses one duration; the caller says what it may be and checks its sign.
   *
   * @throws DateTimeParseException when the text is neither form
   */
  static Duration parse(String text) {
    String t = text.trim();
    Matcher m = SHORT.matcher(t);
    if (!m.matches()) {
      return Duration.parse(t);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
