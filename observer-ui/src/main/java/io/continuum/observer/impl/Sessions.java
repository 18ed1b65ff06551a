package io.continuum.observer.impl;

import io.continuum.http.ApiKey;
import io.continuum.http.ApiKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Signed session cookies and their CSRF tokens. A session names the API key it was opened with (its
 * id, never its secret) and when it expires, signed under a key every node shares; the key's role
 * and namespaces are looked up on every request, so a key removed from the key set ends its
 * sessions. The CSRF token is a second MAC over the session, sent back in each state-changing form
 * or header: a page of another site can make the browser send the cookie, but cannot read the
 * token.
 */
public final class Sessions {
  public static final String COOKIE = "continuum_session";
  private static final String SESSION = "session";
  private static final String CSRF = "csrf";

  private final SignedTokens tokens;
  private final ApiKeys keys;
  private final Duration ttl;

  public Sessions(byte[] secret, ApiKeys keys, Duration ttl, Clock clock) {
    this.tokens = new SignedTokens(secret, clock);
    this.keys = keys;
    this.ttl = ttl;
  }

  /** A session that the caller opened: its cookie value and who it is. */
  public record Session(String cookie, ApiKey apiKey) {}

  /** Opens a session for the plain API key, if it is one of ours. */
  public Optional<Session> open(String plainKey) {
    return keys.authenticate(plainKey == null ? null : plainKey.strip()).flatMap(this::forKey);
  }

  /** Opens a session for a stored key (a redeemed login link), if it is still one of ours. */
  public Optional<Session> forKey(ApiKey k) {
    if (keys.keys().stream().noneMatch(k::equals)) {
      return Optional.empty();
    }
    return Optional.of(new Session(tokens.create(SESSION, k.id(), tokens.now().plus(ttl)), k));
  }

  /**
   * The session a cookie value stands for, when it is signed by us, unexpired and its key lives.
   */
  public Optional<Session> verify(String cookie) {
    return tokens
        .open(SESSION, cookie)
        .flatMap(id -> keys.keys().stream().filter(k -> k.id().equals(id)).findFirst())
        .map(k -> new Session(cookie, k));
  }

  /** The CSRF token of a session. */
  public String csrf(Session session) {
    return tokens.mac(CSRF, session.cookie());
  }

  /** Whether {@code token} is the session's CSRF token. */
  public boolean csrfMatches(Session session, String token) {
    return tokens.matches(CSRF, session.cookie(), token);
  }

  /** How long a session lasts. */
  public Duration ttl() {
    return ttl;
  }
}
