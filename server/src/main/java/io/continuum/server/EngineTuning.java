package io.continuum.server;

import io.continuum.runtime.EngineOptions;
import java.time.Duration;

/**
 * The engine options a server's config may set (the {@code engine} section of {@code continuum
 * serve --config}); a null keeps the engine's default.
 *
 * <pre>{@code
 * engine:
 *   idleRelease: 30s      # 0s keeps waiting runs in memory, leased
 *   maxHostedRuns: 200000
 *   snapshotEvery: 128    # 0: never
 *   forwardTimeout: 2s    # in a cluster: the wait for a run's owner before the database path
 *   leaseTtl: 30s         # a run lease; renewed every third of it
 *   taskLeaseTtl: 30s     # an activity task lease; heartbeated every third of it
 * }</pre>
 *
 * @param idleRelease how long a run may wait with nothing to do before it leaves memory (zero:
 *     never), or null
 * @param maxHostedRuns how many runs the node keeps in memory at most, or null
 * @param snapshotEvery after how many new events a step stores a snapshot (0: never), or null
 * @param forwardTimeout in a cluster, how long a node waits for a run's owner to answer a forwarded
 *     wake or cancel before it takes the database path, or null
 * @param leaseTtl how long a run lease lasts without renewal (how soon another node takes over the
 *     runs of a node that died or froze), or null
 * @param taskLeaseTtl how long an activity task lease lasts without a heartbeat (how soon an
 *     attempt on a dead or frozen node is retried elsewhere), or null
 */
public record EngineTuning(
    Duration idleRelease,
    Integer maxHostedRuns,
    Integer snapshotEvery,
    Duration forwardTimeout,
    Duration leaseTtl,
    Duration taskLeaseTtl) {

  /** Every option at the engine's default. */
  public static final EngineTuning DEFAULTS = new EngineTuning(null, null, null, null, null, null);

  /** Validates the tuning. */
  public EngineTuning {
    if (idleRelease != null && idleRelease.isNegative()) {
      throw new ConfigException("engine.idleRelease must be 0s (never) or positive");
    }
    if (maxHostedRuns != null && maxHostedRuns < 1) {
      throw new ConfigException("engine.maxHostedRuns must be at least 1");
    }
    if (snapshotEvery != null && snapshotEvery < 0) {
      throw new ConfigException("engine.snapshotEvery must be 0 (never) or positive");
    }
    if (forwardTimeout != null && (forwardTimeout.isNegative() || forwardTimeout.isZero())) {
      throw new ConfigException("engine.forwardTimeout must be positive");
    }
    if (leaseTtl != null && leaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("engine.leaseTtl must be at least 1s");
    }
    if (taskLeaseTtl != null && taskLeaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("engine.taskLeaseTtl must be at least 1s");
    }
  }

  /** The options with this tuning applied. */
  public EngineOptions applyTo(EngineOptions options) {
    EngineOptions o = options;
    if (idleRelease != null) {
      o = o.withIdleRelease(idleRelease);
    }
    if (maxHostedRuns != null) {
      o = o.withMaxHostedRuns(maxHostedRuns);
    }
    if (snapshotEvery != null) {
      o = o.withSnapshotEvery(snapshotEvery);
    }
    if (forwardTimeout != null) {
      o = o.withForwardTimeout(forwardTimeout);
    }
    if (leaseTtl != null) {
      o = o.withLeaseTtl(leaseTtl);
    }
    if (taskLeaseTtl != null) {
      o = o.withTaskLeaseTtl(taskLeaseTtl);
    }
    return o;
  }
}
