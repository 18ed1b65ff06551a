package io.continuum.runtime.impl;

import io.continuum.Failure;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.StepOutcome;
import io.continuum.journal.RunRecord;

/** How a run ended, as waiters need it: from the journal, or straight from the committing host. */
record RunOutcome(String runId, RunState state, Payload result, Failure failure) {

  static RunOutcome of(RunRecord r) {
    return new RunOutcome(r.runId(), r.state(), r.result(), r.failure());
  }

  static RunOutcome of(String runId, StepOutcome step) {
    return of(runId, step.terminal());
  }

  static RunOutcome of(String runId, Event.Terminal end) {
    return new RunOutcome(
        runId,
        end.state(),
        end instanceof Event.RunCompleted c ? c.result() : null,
        end instanceof Event.RunFailed f ? f.failure() : null);
  }
}
