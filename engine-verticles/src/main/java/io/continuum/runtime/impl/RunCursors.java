package io.continuum.runtime.impl;

import io.continuum.InvalidQuery;
import io.continuum.RunQuery;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.journal.RunRecord;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Query cursors: the last row's (created_at, run id), signed with a key every node shares
 * (HMAC-SHA256 over the position, the namespace and the query's filters), so a cursor cannot be
 * altered, made by hand, or replayed against another namespace or another query. Opaque to callers;
 * anything that does not verify is an {@link InvalidQuery}.
 */
final class RunCursors {
  private static final String VERSION = "c2";
  private static final int MAC_BYTES = 16;
  private static final int MAX_LENGTH = 1024;
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;

  RunCursors(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /** Where a page ends: the last run's creation time and key. */
  record Position(Instant createdAt, String runId) {}

  String next(RunQuery query, RunRecord last) {
    String position =
        String.join(
            "\n",
            VERSION,
            Long.toString(last.createdAt().getEpochSecond()),
            Integer.toString(last.createdAt().getNano()),
            RunRef.idOf(last.runId()));
    byte[] bytes = position.getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes, query));
  }

  Position decode(RunQuery query) {
    String cursor = query.cursor();
    if (cursor == null) {
      return null;
    }
    int dot = cursor.indexOf('.');
    if (cursor.length() > MAX_LENGTH || dot < 0) {
      throw malformed();
    }
    byte[] position;
    byte[] signature;
    try {
      position = Base64.getUrlDecoder().decode(cursor.substring(0, dot));
      signature = Base64.getUrlDecoder().decode(cursor.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
    if (!MessageDigest.isEqual(signature, mac(position, query))) {
      throw new InvalidQuery(
          "the cursor is not valid here: altered, or made for other filters or another namespace");
    }
    String[] parts = new String(position, StandardCharsets.UTF_8).split("\n", -1);
    if (parts.length != 4 || !VERSION.equals(parts[0]) || !RUN_ID.matcher(parts[3]).matches()) {
      throw malformed();
    }
    try {
      var at = Instant.ofEpochSecond(Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
      return new Position(at, RunRef.of(query.namespace(), parts[3]).key());
    } catch (NumberFormatException | DateTimeException e) {
      throw malformed();
    }
  }

  private static InvalidQuery malformed() {
    return new InvalidQuery("the cursor is malformed");
  }

  private byte[] mac(byte[] position, RunQuery q) {
    String filters =
        String.join(
            "\u0000",
            q.namespace(),
            q.states().stream().map(RunState::wireName).sorted().collect(Collectors.joining(",")),
            String.valueOf(q.workflowType()),
            String.valueOf(q.createdFrom()),
            String.valueOf(q.createdBefore()),
            new TreeMap<>(q.attributes()).toString(),
            String.valueOf(q.idPrefix()));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(position);
      mac.update((byte) 0);
      return Arrays.copyOf(mac.doFinal(filters.getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }
}
