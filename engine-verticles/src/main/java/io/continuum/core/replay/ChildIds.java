package io.continuum.core.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Run ids of child runs, derived from the parent's id and the start call, so a replayed start names
 * the same child and never starts a second one: {@code <parent>:<id>} with an id option, else
 * {@code <parent>:child-<type>-<ordinal>} (ordinal among the parent's starts of that type). An id
 * longer than the run-id limit (200 characters) keeps a prefix and a hash of the whole.
 *
 * <pre>{@code
 * ChildIds.of("order-42", "orders.ship", 0, null);     // "order-42:child-orders.ship-0"
 * ChildIds.of("order-42", "orders.ship", 0, "box-1");  // "order-42:box-1"
 * }</pre>
 */
public final class ChildIds {
  private static final int MAX = 200;

  private ChildIds() {}

  /** The id of a child. */
  public static String of(String parentId, String workflowType, int ordinal, String idOption) {
    String local =
        idOption != null
            ? idOption
            : "child-" + workflowType.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + ordinal;
    String id = parentId + ":" + local;
    return id.length() <= MAX ? id : id.substring(0, MAX - 17) + "-" + sha256(id).substring(0, 16);
  }

  /** The SHA-256 of {@code bytes}, in hex. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
