package io.continuum;

/**
 * Workflow code swallowed the engine's suspension (for example with {@code catch (Throwable t)}
 * around an activity) and carried on. The run fails with this error and nothing the code did in
 * that step is journaled.
 *
 * <pre>{@code
 * try { ctx.activity(ChargeCard.class, p); }
 * catch (Throwable t) { }                     // wrong: swallows the suspension
 * ctx.sleep(Duration.ofMinutes(1));          // -> SuspendLeakError
 * }</pre>
 *
 * Catch {@code Exception} (or {@link ActivityFailure}) instead.
 */
public final class SuspendLeakError extends Error {

  public SuspendLeakError(String message) {
    super(message);
  }
}
