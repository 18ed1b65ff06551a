package io.continuum.observer.impl;

import io.continuum.http.ApiKey;
import io.continuum.http.ApiKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Login links that work once: a token naming an API key and an expiry, signed like a session.
 * Making one is pure (any thread may call {@link #create}); redeeming remembers the token, so the
 * second use fails. Redeeming runs on the observer's routes only, on the API server's context.
 */
public final class OneTimeLinks {
  private static final String PURPOSE = "login-link";
  private static final int REMEMBERED = 10_000;

  private final SignedTokens tokens;
  private final ApiKeys keys;
  private final Duration ttl;
  private final Set<String> used = new HashSet<>();
  private final ArrayDeque<String> usedOrder = new ArrayDeque<>();

  public OneTimeLinks(byte[] secret, ApiKeys keys, Duration ttl, Clock clock) {
    this.tokens = new SignedTokens(secret, clock);
    this.keys = keys;
    this.ttl = ttl;
  }

  /** A token that logs in as {@code apiKey} once, within the link's lifetime. */
  public String create(ApiKey apiKey) {
    return tokens.create(PURPOSE, apiKey.id(), tokens.now().plus(ttl));
  }

  /** The key a token logs in as, the first time it is presented before it expires. */
  public Optional<ApiKey> redeem(String token) {
    if (token == null || used.contains(token)) {
      return Optional.empty();
    }
    Optional<String> id = tokens.open(PURPOSE, token);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    used.add(token);
    usedOrder.add(token);
    if (usedOrder.size() > REMEMBERED) {
      used.remove(usedOrder.poll());
    }
    return keys.keys().stream().filter(k -> k.id().equals(id.get())).findFirst();
  }
}
