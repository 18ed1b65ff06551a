package io.continuum.runtime.impl;

import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.journal.CancelResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Cancel requests waiting on a hosted run. Each is answered exactly once: by the step that ends the
 * run, or, when the host lets the run go first, through the journal (which cancels it there or
 * records the request for its next owner).
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

  Future<CancelResult> add(String reason) {
    Promise<CancelResult> p = Promise.promise();
    waiting.add(p);
    this.reason = reason;
    return p.future();
  }

  boolean pending() {
    return !waiting.isEmpty();
  }

  String reason() {
    return reason;
  }

  /**
   * The run reached {@code state} in a step of ours: cancelled answers at once, another end
   * refuses, an open run (its code is cleaning up) has the request recorded in the journal.
   */
  void answer(RunState state) {
    for (Promise<CancelResult> p : waiting) {
      if (state == RunState.CANCELLED) {
        p.tryComplete(CancelResult.CANCELLED);
      } else if (state.isTerminal()) {
        p.tryFail(new RunTerminal(runId, state));
      } else {
        through(p);
      }
    }
    waiting.clear();
  }

  /** The host let the run go: the journal decides. */
  void answerThroughJournal() {
    waiting.forEach(this::through);
    waiting.clear();
  }

  private void through(Promise<CancelResult> p) {
    rt.cancelInJournal(runId, reason).onComplete(p);
  }
}
