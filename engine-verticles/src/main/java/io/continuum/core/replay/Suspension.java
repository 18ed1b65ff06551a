package io.continuum.core.replay;

/**
 * Thrown by a blocking effect whose result is not journaled yet, to end the step. It is an {@link
 * Error} so that {@code catch (Exception e)} in workflow code lets it through; it carries no stack
 * trace because it is control flow, thrown on every suspending step.
 */
final class Suspension extends Error {
  private final String waitingFor;

  Suspension(String waitingFor) {
    super("suspended: waiting for " + waitingFor, null, false, false);
    this.waitingFor = waitingFor;
  }

  String waitingFor() {
    return waitingFor;
  }
}
