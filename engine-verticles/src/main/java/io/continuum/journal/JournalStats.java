package io.continuum.journal;

import io.continuum.RunState;
import java.util.Map;

/**
 * Counts an operator graphs: the open runs by state, the activity tasks ready to run now, and the
 * timers that are due but have not fired yet (a backlog when it grows).
 *
 * <pre>{@code
 * journal.stats().onSuccess(s -> log.info("{} runs suspended", s.openRuns().get(RunState.SUSPENDED)));
 * }</pre>
 *
 * @param openRuns runs not in a terminal state, by state (states with none may be absent)
 * @param readyTasks activity tasks that may be claimed now
 * @param dueTimers timers due at or before now, not fired yet
 */
public record JournalStats(Map<RunState, Long> openRuns, long readyTasks, long dueTimers) {
  /** Validates and copies. */
  public JournalStats {
    openRuns = Map.copyOf(openRuns);
  }
}
