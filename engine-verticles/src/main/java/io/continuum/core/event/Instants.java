package io.continuum.core.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses the instants events store ({@link Instant#toString()}: {@code 2026-01-01T00:05:00Z},
 * optionally with a fraction) without the general ISO formatter, which dominated cold replay of
 * timer events; anything else falls back to {@link Instant#parse}.
 */
final class Instants {
  private Instants() {}

  static Instant parse(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(n - 1) != 'Z') {
      return Instant.parse(s);
    }
    try {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 7);
      int day = digits(s, 8, 10);
      int hour = digits(s, 11, 13);
      int minute = digits(s, 14, 16);
      int second = digits(s, 17, 19);
      int nanos = 0;
      if (n > 20) {
        if (s.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
          return Instant.parse(s);
        }
        nanos = digits(s, 20, n - 1);
        for (int i = n - 21; i < 9; i++) {
          nanos *= 10;
        }
      }
      if (hour > 23 || minute > 59 || second > 59) {
        return Instant.parse(s);
      }
      long days = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    } catch (RuntimeException e) {
      return Instant.parse(s);
    }
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        throw new NumberFormatException(s);
      }
      v = v * 10 + d;
    }
    return v;
  }
}
