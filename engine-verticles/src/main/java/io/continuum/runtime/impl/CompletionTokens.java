package io.continuum.runtime.impl;

import io.continuum.InvalidCompletionToken;
import io.continuum.RunRef;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Completion tokens of externally completed activity attempts: {@code ct1.<claim>.<mac>}, the claim
 * (namespace, run id, task id, attempt, lease token; base64url of plain text, so its namespace can
 * be read before it is verified, by {@link io.continuum.Continuum#completionTokenNamespace}, for an
 * authorization check) signed with HMAC-SHA256 under a key every node of the journal shares. The
 * signature makes tokens unguessable and unalterable; what makes a genuine one useless later is the
 * journal's compare-and-set on the task (same attempt and lease token, not cancelled, not timed
 * out).
 */
final class CompletionTokens {
  /** The journal secret's purpose. */
  static final String KEY = "completion-tokens";

  static final String PREFIX = "ct1.";
  private static final int MAX_LENGTH = 2048;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;

  CompletionTokens(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /** What a verified token names. */
  record Claim(String runKey, long taskId, int attempt, long leaseToken) {
    String namespace() {
      return RunRef.namespaceOf(runKey);
    }
  }

  String issue(Claim claim) {
    RunRef ref = RunRef.ofKey(claim.runKey());
    String text =
        String.join(
            "\n",
            ref.namespace(),
            ref.id(),
            Long.toString(claim.taskId()),
            Integer.toString(claim.attempt()),
            Long.toString(claim.leaseToken()));
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return PREFIX + ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
  }

  /**
   * The claim of a genuine token.
   *
   * @throws InvalidCompletionToken when it is malformed or its signature does not verify
   */
  Claim verify(String token) {
    byte[] claim = claimBytes(token);
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidCompletionToken();
    }
    if (!MessageDigest.isEqual(signature, mac(claim))) {
      throw new InvalidCompletionToken();
    }
    String[] parts = new String(claim, StandardCharsets.UTF_8).split("\n", -1);
    try {
      return new Claim(
          new RunRef(parts[0], parts[1]).key(),
          Long.parseLong(parts[2]),
          Integer.parseInt(parts[3]),
          Long.parseLong(parts[4]));
    } catch (RuntimeException e) {
      throw new InvalidCompletionToken(); // signed by us, so never: but never trust a parse
    }
  }

  private static byte[] claimBytes(String token) {
    if (token == null || token.length() > MAX_LENGTH || !token.startsWith(PREFIX)) {
      throw new InvalidCompletionToken();
    }
    int dot = token.lastIndexOf('.');
    if (dot <= PREFIX.length()) {
      throw new InvalidCompletionToken();
    }
    byte[] claim;
    try {
      claim = Base64.getUrlDecoder().decode(token.substring(PREFIX.length(), dot));
    } catch (IllegalArgumentException e) {
      throw new InvalidCompletionToken();
    }
    if (new String(claim, StandardCharsets.UTF_8).split("\n", -1).length != 5) {
      throw new InvalidCompletionToken();
    }
    return claim;
  }

  private byte[] mac(byte[] claim) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(claim);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
