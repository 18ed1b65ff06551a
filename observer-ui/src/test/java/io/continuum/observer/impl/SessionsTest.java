package io.continuum.observer.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.ApiKeys;
import io.continuum.http.Role;
import io.continuum.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionsTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final ApiKeys.Generated key = ApiKeys.generate(Role.WRITER, Set.of("default"));
  private final ApiKeys keys = ApiKeys.of(List.of(key.key()));

  @Test
  void aSessionVerifiesUntilItExpiresAndNotOnceAltered() {
    var sessions = new Sessions(SECRET, keys, Duration.ofHours(1), clock);
    var session = sessions.open(key.plainText()).orElseThrow();
    assertThat(sessions.verify(session.cookie()))
        .hasValueSatisfying(s -> assertThat(s.apiKey()).isEqualTo(key.key()));

    String cookie = session.cookie();
    char last = cookie.charAt(cookie.length() - 1);
    assertThat(
            sessions.verify(cookie.substring(0, cookie.length() - 1) + (last == 'A' ? 'B' : 'A')))
        .isEmpty();
    assertThat(sessions.verify(cookie.replaceFirst("\\.\\d+\\.", ".99999999999."))).isEmpty();
    assertThat(
            new Sessions(
                    "another-secret-another-secret-xx".getBytes(), keys, Duration.ofHours(1), clock)
                .verify(cookie))
        .isEmpty();

    clock.advance(Duration.ofMinutes(59));
    assertThat(sessions.verify(cookie)).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(sessions.verify(cookie)).isEmpty();
  }

  @Test
  void aRemovedKeyEndsItsSessionsAndCsrfTokensBelongToTheirSession() {
    var sessions = new Sessions(SECRET, keys, Duration.ofHours(1), clock);
    var a = sessions.open(key.plainText()).orElseThrow();
    var b = sessions.open(key.plainText()).orElseThrow();
    assertThat(sessions.csrfMatches(a, sessions.csrf(a))).isTrue();
    assertThat(sessions.csrfMatches(a, sessions.csrf(b))).isFalse();
    assertThat(sessions.csrfMatches(a, null)).isFalse();

    var without = new Sessions(SECRET, ApiKeys.of(List.of()), Duration.ofHours(1), clock);
    assertThat(without.verify(a.cookie())).isEmpty();
    assertThat(sessions.open("ck_nope_nope")).isEmpty();
  }

  @Test
  void aLoginLinkWorksOnceAndExpires() {
    var links = new OneTimeLinks(SECRET, keys, Duration.ofMinutes(10), clock);
    String token = links.create(key.key());
    assertThat(links.redeem(token)).contains(key.key());
    assertThat(links.redeem(token)).isEmpty();

    String later = links.create(key.key());
    clock.advance(Duration.ofMinutes(10));
    assertThat(links.redeem(later)).isEmpty();
    // A session token is no login link.
    var session =
        new Sessions(SECRET, keys, Duration.ofHours(1), clock).open(key.plainText()).orElseThrow();
    assertThat(links.redeem(session.cookie())).isEmpty();
  }
}
