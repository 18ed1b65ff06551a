package io.continuum.core.event;

import java.util.Locale;

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
  ATTRIBUTES;

  private static final CommandKind[] VALUES = values();

  /** The wire name: the lower-case constant name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a {@link #wireName()}. */
  public static CommandKind fromWireName(String name) {
    for (CommandKind k : VALUES) {
      if (k.wireName().equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown command kind '" + name + "'");
  }
}
