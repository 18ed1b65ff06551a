package io.continuum;

/**
 * A side effect's producer threw. The failure is journaled like a value, so the first execution and
 * every replay throw this same exception at the same place; catch it to handle the failure.
 *
 * <pre>{@code
 * try {
 *   limit = ctx.sideEffect("limit", Integer.class, () -> config.requireInt("limit"));
 * } catch (SideEffectFailure f) {
 *   limit = 10;   // taken on the first execution and on every replay alike
 * }
 * }</pre>
 */
public final class SideEffectFailure extends ContinuumException {
  private final String name;
  private final Failure failure;

  public SideEffectFailure(String name, Failure failure) {
    super("side effect '" + name + "' failed: " + failure);
    this.name = name;
    this.failure = failure;
  }

  /** The side effect's name. */
  public String name() {
    return name;
  }

  /** What the producer threw. */
  public Failure failure() {
    return failure;
  }

  @Override
  public String errorType() {
    return "side-effect-failed";
  }
}
