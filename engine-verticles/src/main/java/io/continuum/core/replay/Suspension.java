package io.continuum.core.replay;

import io.continuum.core.payload.Payload;

/**
 * Thrown by a blocking effect whose result is not journaled yet, to end the step. It is an {@link
 * Error} so that {@code catch (Exception e)} in workflow code lets it through; it carries no stack
 * trace because it is control flow, thrown on every suspending step.
 */
final class Suspension extends Error {
  private final String waitingFor;
  private final Payload continuation;

  Suspension(String waitingFor) {
    this(waitingFor, null);
  }

  /** A step that ends the run by continuing as new with {@code continuation} as the input. */
  Suspension(String waitingFor, Payload continuation) {
    super("suspended: waiting for " + waitingFor, null, false, false);
    this.waitingFor = waitingFor;
    this.continuation = continuation;
  }

  /** The successor's input when the code called {@code continueAsNew}, else null. */
  Payload continuation() {
    return continuation;
  }

  String waitingFor() {
    return waitingFor;
  }
}
