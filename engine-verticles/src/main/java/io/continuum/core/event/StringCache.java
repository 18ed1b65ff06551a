package io.continuum.core.event;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Reuses the short strings events repeat (types, kinds, activity and signal names) instead of
 * allocating one per decoded event. A fixed table indexed by hash; a collision just allocates.
 * Races between threads only cost a miss: entries are immutable strings.
 */
final class StringCache {
  private static final int SIZE = 1 << 12;
  private static final int MAX_LENGTH = 64;
  private static final String[] TABLE = new String[SIZE];

  private StringCache() {}

  /** The text of the parser's current string token. */
  static String text(JsonParser p) throws IOException {
    int len = p.getTextLength();
    if (len > MAX_LENGTH) {
      return p.getText();
    }
    char[] chars = p.getTextCharacters();
    int off = p.getTextOffset();
    int h = 0;
    for (int i = 0; i < len; i++) {
      h = 31 * h + chars[off + i];
    }
    int slot = (h ^ (h >>> 16)) & (SIZE - 1);
    String cached = TABLE[slot];
    if (cached != null && cached.length() == len && matches(cached, chars, off)) {
      return cached;
    }
    String s = new String(chars, off, len);
    TABLE[slot] = s;
    return s;
  }

  private static boolean matches(String s, char[] chars, int off) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != chars[off + i]) {
        return false;
      }
    }
    return true;
  }
}
