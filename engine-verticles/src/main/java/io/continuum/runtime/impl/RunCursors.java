package io.continuum.runtime.impl;

import io.continuum.InvalidQuery;
import io.continuum.RunQuery;
import io.continuum.RunState;
import io.continuum.journal.RunRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Query cursors: the last row's (created_at, id), bound to the query's filters so that a cursor
 * cannot be replayed against another query, base64url-encoded. Opaque to callers; validated on the
 * way back in.
 */
final class RunCursors {
  private static final String VERSION = "c1";

  private RunCursors() {}

  record Position(Instant createdAt, String runId) {}

  static String next(RunQuery query, RunRecord last) {
    String text =
        String.join(
            "\n",
            VERSION,
            filterHash(query),
            Long.toString(last.createdAt().getEpochSecond()),
            Integer.toString(last.createdAt().getNano()),
            last.runId());
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static Position decode(RunQuery query) {
    if (query.cursor() == null) {
      return null;
    }
    String[] parts;
    try {
      parts =
          new String(Base64.getUrlDecoder().decode(query.cursor()), StandardCharsets.UTF_8)
              .split("\n", -1);
    } catch (IllegalArgumentException e) {
      throw new InvalidQuery("the cursor is malformed");
    }
    if (parts.length != 5 || !VERSION.equals(parts[0])) {
      throw new InvalidQuery("the cursor is malformed");
    }
    if (!filterHash(query).equals(parts[1])) {
      throw new InvalidQuery("the cursor belongs to a query with other filters");
    }
    try {
      var at = Instant.ofEpochSecond(Long.parseLong(parts[2]), Integer.parseInt(parts[3]));
      if (parts[4].isEmpty()) {
        throw new InvalidQuery("the cursor is malformed");
      }
      return new Position(at, parts[4]);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw new InvalidQuery("the cursor is malformed");
    }
  }

  private static String filterHash(RunQuery q) {
    String filters =
        String.join(
            "\u0000",
            q.namespace(),
            q.states().stream().map(RunState::wireName).sorted().collect(Collectors.joining(",")),
            String.valueOf(q.workflowType()),
            String.valueOf(q.createdFrom()),
            String.valueOf(q.createdBefore()),
            new TreeMap<>(q.attributes()).toString());
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(filters.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
