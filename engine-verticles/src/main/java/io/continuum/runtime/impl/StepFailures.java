package io.continuum.runtime.impl;

import io.continuum.RunNotFound;
import io.continuum.journal.FencedException;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * What a hosted run does when a step fails: a fence or a vanished run ends the hosting; anything
 * else (the journal down, a lost reply, a stale seq) is retried from history with a doubling delay,
 * never failing the run.
 */
final class StepFailures {
  private static final System.Logger LOG = System.getLogger(HostedRun.class.getName());
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

  private final HostedRun run;
  private final EngineRuntime rt;
  private int failures;

  StepFailures(HostedRun run, EngineRuntime rt) {
    this.run = run;
    this.rt = rt;
  }

  /** A step committed: the next failure starts the backoff over. */
  void reset() {
    failures = 0;
  }

  /** Whether a failed step waits for its retry. */
  boolean retrying() {
    return failures > 0;
  }

  Future<Void> handle(Throwable error) {
    if (error instanceof FencedException f && f.reason() == FencedException.Reason.STALE_SEQ) {
      run.markStale();
      return retryLater(error);
    }
    if (error instanceof FencedException f && f.reason() == FencedException.Reason.LEASE_LOST) {
      rt.metrics.leasesLost.increment();
    }
    if (error instanceof FencedException || error instanceof RunNotFound) {
      LOG.log(Level.INFO, "run {0} is no longer ours: {1}", run.runId, error.getMessage());
      boolean mayStillHoldLease =
          error instanceof FencedException f
              && f.reason() == FencedException.Reason.ILLEGAL_TRANSITION;
      run.unhost(mayStillHoldLease);
      return Future.succeededFuture();
    }
    // The write may or may not have landed: re-read before the next attempt.
    run.markStale();
    return retryLater(error);
  }

  private Future<Void> retryLater(Throwable error) {
    failures++;
    long millis = rt.options.stepRetryDelay().toMillis() << Math.min(failures - 1, 16);
    Duration delay = Duration.ofMillis(Math.min(millis, MAX_RETRY_DELAY.toMillis()));
    LOG.log(
        Level.WARNING,
        "step of run {0} failed (attempt {1}); retrying from history in {2}: {3}",
        run.runId,
        failures,
        delay,
        error.toString());
    rt.tracker.begin();
    rt.vertx.setTimer(delay.toMillis(), id -> run.want());
    return Future.succeededFuture();
  }
}
