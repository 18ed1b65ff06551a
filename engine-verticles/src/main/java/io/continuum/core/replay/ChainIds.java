package io.continuum.core.replay;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run ids of continue-as-new chains: the successor of run {@code r} is {@code r:cont-1}, the
 * successor of {@code r:cont-n} is {@code r:cont-(n+1)}. The id depends on the predecessor's id
 * only, so a continuing step that is replayed after a failed commit names the same successor. Ids
 * stay within the run-id rules (at most 200 characters of {@code [A-Za-z0-9._:-]}): a root too long
 * to take the suffix is shortened to a prefix and a hash.
 *
 * <pre>{@code
 * ChainIds.successor("order-42");        // "order-42:cont-1"
 * ChainIds.successor("order-42:cont-1"); // "order-42:cont-2"
 * }</pre>
 */
public final class ChainIds {
  private static final Pattern CONTINUED = Pattern.compile("(.+):cont-([0-9]{1,9})");
  private static final int MAX_ROOT = 180;

  private ChainIds() {}

  /** The id of the successor of {@code runId}. */
  public static String successor(String runId) {
    Matcher m = CONTINUED.matcher(runId);
    if (m.matches()) {
      return m.group(1) + ":cont-" + (Long.parseLong(m.group(2)) + 1);
    }
    return shortened(runId) + ":cont-1";
  }

  private static String shortened(String root) {
    if (root.length() <= MAX_ROOT) {
      return root;
    }
    return root.substring(0, MAX_ROOT - 17) + "-" + ChildIds.sha256(root).substring(0, 16);
  }
}
