package io.continuum.observer;

import io.continuum.http.ApiKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the web observer authenticates people: the API keys it accepts at its login form (usually the
 * REST API's), whether its session cookie is {@code Secure} (leave it on unless the server listens
 * on loopback only, as {@code dev} does), and how long sessions and login links last.
 *
 * <pre>{@code
 * ObserverOptions.defaults().withApiKeys(keys).withSecureCookies(false); // loopback dev server
 * }</pre>
 *
 * @param apiKeys the keys a person may log in with (their role and namespaces apply to the pages)
 * @param secureCookies whether the session cookie carries {@code Secure}
 * @param sessionTtl how long a session lasts
 * @param loginLinkTtl how long a one-time login link stays valid
 * @param clock the clock sessions and links expire by
 */
public record ObserverOptions(
    ApiKeys apiKeys,
    boolean secureCookies,
    Duration sessionTtl,
    Duration loginLinkTtl,
    Clock clock) {

  /** Validates the options. */
  public ObserverOptions {
    Objects.requireNonNull(apiKeys, "apiKeys");
    Objects.requireNonNull(clock, "clock");
    if (sessionTtl.isNegative() || sessionTtl.isZero()) {
      throw new IllegalArgumentException("sessionTtl must be positive");
    }
    if (loginLinkTtl.isNegative() || loginLinkTtl.isZero()) {
      throw new IllegalArgumentException("loginLinkTtl must be positive");
    }
  }

  /** No keys (nobody can log in), secure cookies, 12-hour sessions, 10-minute login links. */
  public static ObserverOptions defaults() {
    return new ObserverOptions(
        ApiKeys.none(), true, Duration.ofHours(12), Duration.ofMinutes(10), Clock.systemUTC());
  }

  public ObserverOptions withApiKeys(ApiKeys apiKeys) {
    return new ObserverOptions(apiKeys, secureCookies, sessionTtl, loginLinkTtl, clock);
  }

  public ObserverOptions withSecureCookies(boolean secureCookies) {
    return new ObserverOptions(apiKeys, secureCookies, sessionTtl, loginLinkTtl, clock);
  }

  public ObserverOptions withSessionTtl(Duration sessionTtl) {
    return new ObserverOptions(apiKeys, secureCookies, sessionTtl, loginLinkTtl, clock);
  }

  public ObserverOptions withClock(Clock clock) {
    return new ObserverOptions(apiKeys, secureCookies, sessionTtl, loginLinkTtl, clock);
  }
}
