package io.continuum.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2026-02-28T23:59:59.1Z",
        "2026-03-04T05:06:07.089Z", "2024-02-29T12:00:00.123456Z", "2026-12-31T23:59:59.999999999Z",
        "1969-12-31T23:59:59.5Z", "+12026-01-01T00:00:00Z", "2026-01-01T00:00:60Z"
      })
  void agreesWithTheJdkParser(String text) {
    Instant expected;
    try {
      expected = Instant.parse(text);
    } catch (RuntimeException e) {
      return; // the fast path falls back to the JDK, which rejects it the same way
    }
    assertThat(Instants.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, -1, 1_767_225_600_123L, 253_402_300_799_000L})
  void roundTripsWhatInstantToStringWrites(long millis) {
    Instant i = Instant.ofEpochMilli(millis).plusNanos(millis % 7);
    assertThat(Instants.parse(i.toString())).isEqualTo(i);
  }
}
