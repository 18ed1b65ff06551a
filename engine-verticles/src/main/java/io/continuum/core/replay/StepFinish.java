package io.continuum.core.replay;

import io.continuum.Failure;
import io.continuum.ReplayDriftError;
import io.continuum.SuspendLeakError;
import io.continuum.core.payload.PayloadCodec;

/**
 * How a step ends once the workflow code returned, threw or suspended: drifted, failed (with or
 * without the step's events), suspended, completed.
 */
final class StepFinish {
  private StepFinish() {}

  private static StepOutcome drifted(StepRecorder step, ReplayDriftError drift) {
    return step.cancelling() ? step.cancelledDiscardingStep() : StepRecorder.drifted(drift);
  }

  static StepOutcome finish(
      StepGuard guard,
      CommandMatcher commands,
      StepRecorder step,
      PayloadCodec codec,
      Object result,
      Throwable thrown) {
    if (guard.drift() != null || thrown instanceof ReplayDriftError) {
      return step.cancelling()
          ? step.cancelledDiscardingStep()
          : StepRecorder.drifted(guard.drift() != null ? guard.drift() : (ReplayDriftError) thrown);
    }
    if (guard.fatal() != null) {
      return step.failedDiscardingStep(Failure.of(guard.fatal()));
    }
    Suspension suspension = guard.suspension();
    if (guard.leaked() || (suspension != null && thrown != suspension)) {
      return step.failedDiscardingStep(
          Failure.of(SuspendLeakError.class.getName(), guard.leakMessage()));
    }
    if (suspension != null && suspension.continuation() != null) {
      ReplayDriftError early = commands.unmatchedBefore("a continue-as-new");
      return early != null ? drifted(step, early) : step.continued(suspension.continuation());
    }
    if (suspension != null) {
      return step.suspended();
    }
    // A failing JVM is not the workflow's fault: the step is retried. Unbounded recursion is.
    if (thrown instanceof VirtualMachineError fatal && !(thrown instanceof StackOverflowError)) {
      throw fatal;
    }
    ReplayDriftError early =
        commands.unmatchedBefore(
            thrown == null ? "a return" : "a throw of " + thrown.getClass().getName());
    if (early != null) {
      return drifted(step, early);
    }
    if (thrown != null) {
      return step.failed(Failure.of(thrown));
    }
    try {
      return step.completed(codec.encode(result));
    } catch (RuntimeException e) {
      return step.failed(Failure.of(e));
    }
  }
}
