package io.continuum.core.replay;

import io.continuum.ReplayDriftError;
import io.continuum.SuspendLeakError;

/**
 * What one step's workflow code may still do. Once the step has suspended, drifted or hit a fatal
 * error, every further call into the context throws again, so code that swallowed the first throw
 * cannot take a path a replay would not (and is caught as a {@link SuspendLeakError}).
 */
final class StepGuard {
  private final Thread thread = Thread.currentThread();
  private boolean producing;
  private String readOnly;
  private boolean updating;
  private RuntimeException fatal;
  private Suspension suspension;
  private boolean leaked;
  private ReplayDriftError drift;

  /** Checks that the workflow code may call the context now; throws why not. */
  void enter() {
    if (readOnly != null) {
      throw new IllegalStateException(readOnly);
    }
    if (fatal != null) {
      throw fatal;
    }
    if (producing) {
      fatal =
          new IllegalStateException(
              "the workflow context was used inside a side-effect producer; producers must not"
                  + " call it");
      throw fatal;
    }
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "the workflow context was used from another thread; workflow code must stay on the"
              + " thread that runs it");
    }
    if (drift != null) {
      throw drift;
    }
    if (suspension != null || leaked) {
      leaked = true;
      throw new SuspendLeakError(leakMessage());
    }
  }

  /** Marks a query handler as running (the context is off limits meanwhile) or done. */
  void querying(boolean running) {
    readOnly =
        running
            ? "a query handler called the workflow context: a query reads state and writes nothing"
            : null;
  }

  /** Marks an update handler as running (the context may not wait meanwhile) or done. */
  void updating(boolean running) {
    updating = running;
  }

  /** Whether an update handler is running. */
  boolean updating() {
    return updating;
  }

  /** Marks an update validator as running (the context is off limits meanwhile) or done. */
  void validating(boolean running) {
    readOnly =
        running
            ? "an update validator called the workflow context: a validator only reads the"
                + " workflow's own state"
            : null;
  }

  /** Marks a wait condition as being evaluated (the context is off limits meanwhile) or done. */
  void conditioning(boolean running) {
    readOnly =
        running
            ? "a wait condition called the workflow context: a condition only reads the"
                + " workflow's own state"
            : null;
  }

  /** Marks a side-effect producer as running (the context is off limits meanwhile) or done. */
  void producing(boolean running) {
    producing = running;
  }

  /** Fails the step with {@code e} whatever the code does next; returns it to throw. */
  RuntimeException fatal(RuntimeException e) {
    fatal = e;
    return e;
  }

  /** Records a drift; returns it to throw. */
  ReplayDriftError drift(ReplayDriftError e) {
    drift = e;
    return e;
  }

  /** Suspends the step while waiting for {@code waitingFor}; returns the throwable to throw. */
  Suspension suspend(String waitingFor) {
    suspension = new Suspension(waitingFor);
    return suspension;
  }

  /** Ends the step by continuing as new; returns the throwable to throw. */
  Suspension continueAsNew(io.continuum.core.payload.Payload input) {
    suspension = new Suspension("nothing (the run continues as new)", input);
    return suspension;
  }

  RuntimeException fatal() {
    return fatal;
  }

  ReplayDriftError drift() {
    return drift;
  }

  Suspension suspension() {
    return suspension;
  }

  boolean leaked() {
    return leaked;
  }

  String leakMessage() {
    return "workflow code continued after the engine suspended it while waiting for "
        + (suspension == null ? "a result" : suspension.waitingFor())
        + "; do not catch Throwable or Error around workflow context calls";
  }
}
