package io.continuum.runtime.impl;

import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.journal.CancelResult;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Cancel requests waiting on a hosted run, each recorded in the journal already (binding, and
 * flagging the activities that ran then). Each is answered by the next step: cancelled when it
 * ended the run, the end that won when another did, or requested while the run's code cleans up.
 * When the host lets the run go first, the journal answers.
 */
final class RunCancels {
  private final EngineRuntime rt;
  private final String runId;
  private final List<Promise<CancelResult>> waiting = new ArrayList<>();
  private String reason;

  RunCancels(EngineRuntime rt, String runId) {
    this.rt = rt;
    this.runId = runId;
  }

  /** A request the journal recorded, to be answered by the next step. */
  void recorded(String reason, Promise<CancelResult> answer) {
    this.reason = reason;
    waiting.add(answer);
  }

  boolean pending() {
    return !waiting.isEmpty();
  }

  /** A step of ours left the run in {@code state}, with the request recorded. */
  void answer(RunState state) {
    for (Promise<CancelResult> p : waiting) {
      if (state == RunState.CANCELLED) {
        p.tryComplete(CancelResult.CANCELLED);
      } else if (state.isTerminal()) {
        p.tryFail(new RunTerminal(runId, state));
      } else {
        p.tryComplete(CancelResult.REQUESTED);
      }
    }
    waiting.clear();
  }

  /** The host let the run go: the journal decides. */
  void answerThroughJournal() {
    for (Promise<CancelResult> p : waiting) {
      rt.cancelInJournal(runId, reason).onComplete(p);
    }
    waiting.clear();
  }
}
