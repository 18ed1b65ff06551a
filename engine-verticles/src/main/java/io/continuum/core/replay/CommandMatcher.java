package io.continuum.core.replay;

import io.continuum.ReplayDriftError;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import java.util.HashMap;

/**
 * Matches the commands one execution issues, in order, against the commands its history recorded. A
 * command's identity is its kind, its name and its ordinal among the commands of that kind and name
 * so far.
 */
final class CommandMatcher {
  private final History history;

  @SuppressWarnings("unchecked")
  private final HashMap<String, int[]>[] ordinals = new HashMap[CommandKind.values().length];

  private int index;
  private int ordinal;

  CommandMatcher(History history) {
    this.history = history;
  }

  /**
   * The history's seq of the next command when it is replayed, -1 when it is new.
   *
   * @throws ReplayDriftError when the history recorded another command at this point
   */
  int match(CommandKind kind, String name) {
    HashMap<String, int[]> byName = ordinals[kind.ordinal()];
    if (byName == null) {
      byName = ordinals[kind.ordinal()] = new HashMap<>();
    }
    int[] counter = byName.computeIfAbsent(name, n -> new int[1]);
    ordinal = counter[0]++;
    int at = index++;
    if (at >= history.commandCount()) {
      return -1;
    }
    HistoryEvent expected = history.command(at);
    CommandId id = ((Event.Command) expected.event()).id();
    if (!id.matches(kind, name, ordinal)) {
      throw new ReplayDriftError(
          expected.seq(), id.toString(), new CommandId(kind, name, ordinal).toString());
    }
    return expected.seq();
  }

  /** Whether every recorded command has been matched: what comes next is new. */
  boolean atFrontier() {
    return index >= history.commandCount();
  }

  /** The identity of the next recorded command, or null at the frontier. */
  CommandId next() {
    return atFrontier() ? null : ((Event.Command) history.command(index).event()).id();
  }

  /** Whether the next recorded command has this kind and name (it is not matched by asking). */
  boolean nextIs(CommandKind kind, String name) {
    if (atFrontier()) {
      return false;
    }
    CommandId id = ((Event.Command) history.command(index).event()).id();
    return id.kind() == kind && id.name().equals(name);
  }

  /** The ordinal of the command matched last. */
  int ordinal() {
    return ordinal;
  }

  /**
   * A drift if the history recorded more commands than this execution issued before {@code ending}
   * (a wait, a return, a throw), else null.
   */
  ReplayDriftError unmatchedBefore(String ending) {
    if (index >= history.commandCount()) {
      return null;
    }
    HistoryEvent next = history.command(index);
    return new ReplayDriftError(next.seq(), ((Event.Command) next.event()).id().toString(), ending);
  }
}
