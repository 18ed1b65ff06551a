package io.continuum.core.event;

import java.util.Objects;

/**
 * The identity of a workflow command: its kind, its name (activity type, signal name, side-effect
 * name) and its ordinal among commands of that kind and name in the execution. Replay compares the
 * identity of each command the code issues with the one journaled at that position.
 *
 * <pre>{@code
 * new CommandId(CommandKind.ACTIVITY, "ChargeCard", 1)   // the second ChargeCard activity
 * }</pre>
 *
 * @param kind the command kind
 * @param name the command's name
 * @param ordinal how many commands of this kind and name came before it
 */
public record CommandId(CommandKind kind, String name, int ordinal) {

  /** Validates the identity. */
  public CommandId {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (ordinal < 0) {
      throw new IllegalArgumentException("ordinal must be >= 0");
    }
  }

  /** Whether this identity equals (kind, name, ordinal), without allocating. */
  public boolean matches(CommandKind kind, String name, int ordinal) {
    return this.kind == kind && this.ordinal == ordinal && this.name.equals(name);
  }

  @Override
  public String toString() {
    return kind.wireName() + " '" + name + "' #" + ordinal;
  }
}
