package io.continuum.observer.impl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens of the form {@code <key id>.<expiry>.<nonce>.<signature>}, signed with HMAC-SHA256 under a
 * key every node shares and a purpose (a session token is no login link), and MACs of other text
 * under the same key (the CSRF token of a session). Comparisons take constant time.
 */
final class SignedTokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_LENGTH = 256;

  private final SecretKeySpec key;
  private final Clock clock;

  SignedTokens(byte[] secret, Clock clock) {
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.clock = clock;
  }

  /** A token naming API key {@code keyId}, valid until {@code expires}. */
  String create(String purpose, String keyId, Instant expires) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    String body = keyId + "." + expires.getEpochSecond() + "." + B64.encodeToString(nonce);
    return body + "." + mac(purpose, body);
  }

  /** The key id a token names, when we signed it for {@code purpose} and it has not expired. */
  Optional<String> open(String purpose, String token) {
    if (token == null || token.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int last = token.lastIndexOf('.');
    if (last < 0 || !matches(purpose, token.substring(0, last), token.substring(last + 1))) {
      return Optional.empty();
    }
    String[] parts = token.substring(0, last).split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      return clock.instant().getEpochSecond() < Long.parseLong(parts[1])
          ? Optional.of(parts[0])
          : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The MAC of {@code text} for {@code purpose}. */
  String mac(String purpose, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(purpose.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) 0);
      return B64.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }

  /** Whether {@code signature} is the MAC of {@code text} for {@code purpose}. */
  boolean matches(String purpose, String text, String signature) {
    return signature != null
        && MessageDigest.isEqual(
            mac(purpose, text).getBytes(StandardCharsets.US_ASCII),
            signature.getBytes(StandardCharsets.US_ASCII));
  }

  Instant now() {
    return clock.instant();
  }
}
