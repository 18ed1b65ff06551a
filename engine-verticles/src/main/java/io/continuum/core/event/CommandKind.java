package io.continuum.core.event;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The kinds of workflow commands. Together with a name and an ordinal, the kind forms a {@link
 * CommandId}.
 *
 * <pre>{@code
 * CommandId id = new CommandId(CommandKind.ACTIVITY, "ChargeCard", 0);
 * }</pre>
 */
public enum CommandKind {
  ACTIVITY,
  TIMER,
  SIGNAL,
  SIDE_EFFECT,
  NOW,
  UUID,
  RANDOM,
  ATTRIBUTES,
  PATCH,
  COMPENSATION,
  CHILD,
  CANCEL,
  CONDITION,
  UPDATE;

  private static final Map<String, CommandKind> BY_WIRE_NAME = new HashMap<>();

  static {
    for (CommandKind k : values()) {
      BY_WIRE_NAME.put(k.wireName, k);
    }
  }

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The wire name: the lower-case constant name. */
  public String wireName() {
    return wireName;
  }

  /** Parses a {@link #wireName()}. */
  public static CommandKind fromWireName(String name) {
    CommandKind k = BY_WIRE_NAME.get(name);
    if (k == null) {
      throw new IllegalArgumentException("unknown command kind '" + name + "'");
    }
    return k;
  }
}
