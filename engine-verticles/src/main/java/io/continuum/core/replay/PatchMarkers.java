package io.continuum.core.replay;

import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.payload.Payload;
import java.util.HashMap;
import java.util.Map;

/**
 * Patch markers: the one effect that may answer without consuming a recorded command. A history
 * recorded before a change has no marker where the change's call now stands, so the call answers
 * false and leaves the cursor where it was; only a call at the frontier of the history journals a
 * marker. The first answer per change id holds for the rest of the execution, so a change checked
 * in two places cannot take both paths.
 */
final class PatchMarkers {
  private static final Payload TRUE = Payload.ofJson("true");

  private final CommandMatcher commands;
  private final StepRecorder step;
  private Map<String, Boolean> decided; // made on first use: most steps never ask

  PatchMarkers(CommandMatcher commands, StepRecorder step) {
    this.commands = commands;
    this.step = step;
  }

  boolean patched(String changeId) {
    check(changeId);
    if (decided == null) {
      decided = new HashMap<>();
    }
    Boolean known = decided.get(changeId);
    if (known != null) {
      return known;
    }
    boolean answer;
    if (commands.nextIs(CommandKind.PATCH, changeId)) {
      commands.match(CommandKind.PATCH, changeId);
      answer = true;
    } else if (commands.atFrontier()) {
      commands.match(CommandKind.PATCH, changeId);
      step.append(
          new Event.ValueRecorded(
              new CommandId(CommandKind.PATCH, changeId, commands.ordinal()), TRUE));
      answer = true;
    } else {
      answer = false;
    }
    decided.put(changeId, answer);
    return answer;
  }

  void deprecate(String changeId) {
    check(changeId);
    if (decided == null) {
      decided = new HashMap<>();
    }
    if (decided.containsKey(changeId)) {
      return;
    }
    if (commands.nextIs(CommandKind.PATCH, changeId)) {
      commands.match(CommandKind.PATCH, changeId);
    }
    decided.put(changeId, true);
  }

  private static void check(String changeId) {
    if (changeId == null || changeId.isBlank() || changeId.length() > 128) {
      throw new IllegalArgumentException("a change id is 1-128 characters, not blank");
    }
  }
}
