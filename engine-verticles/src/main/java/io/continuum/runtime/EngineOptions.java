package io.continuum.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How an engine runs: its identity, lease and poll timings, and concurrency. Every duration has a
 * production default; tests shorten them.
 *
 * <pre>{@code
 * EngineOptions options = EngineOptions.defaults()
 *     .withNodeId("node-a")
 *     .withLeaseTtl(Duration.ofSeconds(10))
 *     .withMaxConcurrentActivities(64);
 * }</pre>
 *
 * @param nodeId this node's id; leases are owned by {@code nodeId/instance/incarnation}
 * @param instance the engine instance name
 * @param leaseTtl how long a run lease lasts without renewal
 * @param leaseRenewInterval how often the lease keeper renews all of this node's leases
 * @param dispatchPollInterval how often the dispatcher looks for runnable runs without a notice
 * @param dispatchBatch how many runs one claim takes at most
 * @param taskLeaseTtl how long an activity task lease lasts without a heartbeat
 * @param taskHeartbeatInterval how often a running activity's lease is heartbeated
 * @param taskSweepInterval how often expired task leases are requeued
 * @param taskPollInterval how often the activity worker looks for due tasks without a notice
 * @param maxConcurrentActivities how many activity attempts run at once on this node
 * @param timerHorizon how far ahead the timer wheel holds timers in memory
 * @param timerRefreshInterval how often the timer wheel reloads near-term timers
 * @param awaitPollInterval how often {@code await} re-reads a run besides listening for its end
 * @param stepRetryDelay how long a host waits before retrying a step whose commit failed
 * @param hostInstances how many run-host verticles to deploy (one per event loop by default)
 * @param maxChildDepth how deep children may nest (a root run has depth 0); a start deeper than
 *     this fails the run that makes it
 * @param cancelGracePeriod how long a cancelled run's code may clean up (from the step that threw
 *     {@link io.continuum.CancelledFailure} into it) before the run ends cancelled wherever its
 *     code is
 * @param idleRelease how long a hosted run may wait with nothing to do (suspended, no activity of
 *     its own in flight) before it gives its lease back and leaves memory; it is claimed again, by
 *     any node, when its inbox, a timer or a child makes it runnable. {@link Duration#ZERO} keeps
 *     waiting runs hosted (and their leases renewed) until the budget evicts them
 * @param maxHostedRuns how many runs this node keeps in memory at most; beyond it the least
 *     recently active runs that are not in the middle of a step leave memory (and give their leases
 *     back) first
 * @param idlePollInterval how far the backstop polls of the dispatcher and the activity worker slow
 *     down while they find nothing (from their poll interval, doubling); a notice or a find brings
 *     them back at once
 * @param snapshotEvery after how many new events a step stores a snapshot of its run's history with
 *     its commit (0: never), unless {@code snapshotEveryByType} names the run's workflow type
 * @param snapshotEveryByType per workflow type, overrides {@code snapshotEvery}
 * @param paranoidSnapshots whether a node resuming a run from a snapshot also reads the full
 *     history and checks that both agree (a mismatch is logged and the full history wins)
 * @param forwardTimeout in a cluster, how long a node waits for the node that owns a run to answer
 *     a forwarded wake or cancel before it falls back to the database path
 */
public record EngineOptions(
    String nodeId,
    String instance,
    Duration leaseTtl,
    Duration leaseRenewInterval,
    Duration dispatchPollInterval,
    int dispatchBatch,
    Duration taskLeaseTtl,
    Duration taskHeartbeatInterval,
    Duration taskSweepInterval,
    Duration taskPollInterval,
    int maxConcurrentActivities,
    Duration timerHorizon,
    Duration timerRefreshInterval,
    Duration awaitPollInterval,
    Duration stepRetryDelay,
    int hostInstances,
    int maxChildDepth,
    Duration cancelGracePeriod,
    Duration idleRelease,
    int maxHostedRuns,
    Duration idlePollInterval,
    int snapshotEvery,
    java.util.Map<String, Integer> snapshotEveryByType,
    boolean paranoidSnapshots,
    Duration forwardTimeout) {

  /** The default of {@link #snapshotEvery}. */
  public static final int DEFAULT_SNAPSHOT_EVERY = 64;

  /** Validates the options. */
  public EngineOptions {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(instance, "instance");
    for (Duration d :
        new Duration[] {
          leaseTtl,
          leaseRenewInterval,
          dispatchPollInterval,
          taskLeaseTtl,
          taskHeartbeatInterval,
          taskSweepInterval,
          taskPollInterval,
          timerHorizon,
          timerRefreshInterval,
          awaitPollInterval,
          stepRetryDelay,
          forwardTimeout
        }) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("every interval must be positive");
      }
    }
    if (leaseRenewInterval.compareTo(leaseTtl) >= 0) {
      throw new IllegalArgumentException("leaseRenewInterval must be shorter than leaseTtl");
    }
    if (taskHeartbeatInterval.compareTo(taskLeaseTtl) >= 0) {
      throw new IllegalArgumentException("taskHeartbeatInterval must be shorter than taskLeaseTtl");
    }
    if (cancelGracePeriod.isNegative() || cancelGracePeriod.isZero()) {
      throw new IllegalArgumentException("cancelGracePeriod must be positive");
    }
    if (idleRelease == null || idleRelease.isNegative()) {
      throw new IllegalArgumentException("idleRelease must be zero (never) or positive");
    }
    if (maxHostedRuns < 1) {
      throw new IllegalArgumentException("maxHostedRuns must be at least 1");
    }
    if (idlePollInterval == null || idlePollInterval.compareTo(dispatchPollInterval) < 0) {
      throw new IllegalArgumentException(
          "idlePollInterval must be at least the dispatch poll interval");
    }
    if (maxChildDepth < 1) {
      throw new IllegalArgumentException("maxChildDepth must be at least 1");
    }
    if (dispatchBatch < 1 || maxConcurrentActivities < 1 || hostInstances < 0) {
      throw new IllegalArgumentException("batch and concurrency must be positive");
    }
    snapshotEveryByType = java.util.Map.copyOf(snapshotEveryByType);
    if (snapshotEvery < 0 || snapshotEveryByType.values().stream().anyMatch(k -> k < 0)) {
      throw new IllegalArgumentException("snapshotEvery must be 0 (never) or positive");
    }
  }

  /** After how many new events runs of {@code workflowType} store a snapshot (0: never). */
  public int snapshotEvery(String workflowType) {
    return snapshotEveryByType.getOrDefault(workflowType, snapshotEvery);
  }

  /**
   * A random node id, instance {@code default}, 30 s leases renewed every 10 s, 1 s dispatch and
   * task polls, 30 s task leases heartbeated every 10 s, 64 concurrent activities, a 60 s timer
   * horizon refreshed every 30 s, one host per event loop ({@code hostInstances} 0), children at
   * most 10 deep, 5 minutes for a cancelled run's cleanup, idle runs released after 10 s, at most
   * 100,000 runs in memory, backstop polls that slow down to one per 5 s while idle, a snapshot
   * every 64 events, and paranoid snapshot checks when the system property {@code
   * continuum.paranoid} is true, and 2 s for a cluster member to answer a forwarded message.
   */
  public static EngineOptions defaults() {
    return new EngineOptions(
        UUID.randomUUID().toString().substring(0, 8),
        "default",
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        32,
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        64,
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        0,
        io.continuum.core.replay.ChildSettings.DEFAULT_MAX_DEPTH,
        io.continuum.core.replay.StepExecutor.DEFAULT_CANCEL_GRACE,
        Duration.ofSeconds(10),
        100_000,
        Duration.ofSeconds(5),
        DEFAULT_SNAPSHOT_EVERY,
        java.util.Map.of(),
        Boolean.getBoolean("continuum.paranoid"),
        Duration.ofSeconds(2));
  }

  public EngineOptions withNodeId(String nodeId) {
    return copy(b -> b.nodeId = nodeId);
  }

  public EngineOptions withInstance(String instance) {
    return copy(b -> b.instance = instance);
  }

  /** Sets the run lease TTL and renews at a third of it. */
  public EngineOptions withLeaseTtl(Duration ttl) {
    return copy(
        b -> {
          b.leaseTtl = ttl;
          b.leaseRenewInterval = ttl.dividedBy(3);
        });
  }

  /** Sets the task lease TTL and heartbeats at a third of it. */
  public EngineOptions withTaskLeaseTtl(Duration ttl) {
    return copy(
        b -> {
          b.taskLeaseTtl = ttl;
          b.taskHeartbeatInterval = ttl.dividedBy(3);
        });
  }

  /**
   * Sets the dispatch, task, sweep and await poll intervals at once; the backstop polls keep this
   * pace while idle too.
   */
  public EngineOptions withPollInterval(Duration poll) {
    return copy(
        b -> {
          b.idlePollInterval = poll;
          b.dispatchPollInterval = poll;
          b.taskSweepInterval = poll;
          b.taskPollInterval = poll;
          b.awaitPollInterval = poll;
        });
  }

  public EngineOptions withMaxConcurrentActivities(int max) {
    return copy(b -> b.maxConcurrentActivities = max);
  }

  /** Sets the first delay before a failed step is retried (it doubles on each failure). */
  public EngineOptions withStepRetryDelay(Duration delay) {
    return copy(b -> b.stepRetryDelay = delay);
  }

  public EngineOptions withHostInstances(int hostInstances) {
    return copy(b -> b.hostInstances = hostInstances);
  }

  /** Sets how deep children may nest (10 by default). */
  public EngineOptions withMaxChildDepth(int depth) {
    return copy(b -> b.maxChildDepth = depth);
  }

  /**
   * Sets how long a cancelled run's code may clean up (5 minutes by default): the cleanup it runs
   * after catching {@link io.continuum.CancelledFailure} — refunds, {@code compensateAll()} — ends
   * with the run cancelled when it finishes, or when this period has passed, whichever is first.
   */
  public EngineOptions withCancelGracePeriod(Duration grace) {
    return copy(b -> b.cancelGracePeriod = grace);
  }

  /**
   * Sets how long a run may wait with nothing to do before it leaves memory and gives its lease
   * back (10 s by default); {@link Duration#ZERO} keeps waiting runs hosted.
   */
  public EngineOptions withIdleRelease(Duration idle) {
    return copy(b -> b.idleRelease = idle);
  }

  /** Sets how many runs this node keeps in memory at most (100,000 by default). */
  public EngineOptions withMaxHostedRuns(int max) {
    return copy(b -> b.maxHostedRuns = max);
  }

  /** Sets how far the idle backstop polls slow down (5 s by default). */
  public EngineOptions withIdlePollInterval(Duration interval) {
    return copy(b -> b.idlePollInterval = interval);
  }

  /**
   * Sets after how many new events a run stores a snapshot of its history with a step's commit (64
   * by default; 0: never), so that a node resuming it reads the snapshot and the events after it
   * instead of its whole history.
   */
  public EngineOptions withSnapshotEvery(int events) {
    return copy(b -> b.snapshotEvery = events);
  }

  /**
   * Sets the snapshot interval of one workflow type (see {@link #withSnapshotEvery(int)}): a type
   * whose steps journal many events may want fewer, one with short histories none (0).
   */
  public EngineOptions withSnapshotEvery(String workflowType, int events) {
    return copy(
        b -> {
          var byType = new java.util.HashMap<>(b.snapshotEveryByType);
          byType.put(Objects.requireNonNull(workflowType, "workflowType"), events);
          b.snapshotEveryByType = byType;
        });
  }

  /**
   * Sets whether a run resumed from a snapshot is also checked against its full history (a mismatch
   * is logged as an error, counted in {@code continuum.snapshots.mismatched}, and the full history
   * wins). Costs a full history read per resumption: for tests and investigations.
   */
  public EngineOptions withParanoidSnapshots(boolean paranoid) {
    return copy(b -> b.paranoidSnapshots = paranoid);
  }

  /**
   * Sets how long, in a cluster, a node waits for a run's owner to answer a forwarded wake or
   * cancel (2 s by default) before it falls back to the database path, which is slower but needs
   * nobody.
   */
  public EngineOptions withForwardTimeout(Duration timeout) {
    return copy(b -> b.forwardTimeout = timeout);
  }

  private EngineOptions copy(java.util.function.Consumer<Fields> change) {
    var f = new Fields(this);
    change.accept(f);
    return f.build();
  }

  /** The mutable copy the withers edit. */
  private static final class Fields {
    String nodeId;
    String instance;
    Duration leaseTtl;
    Duration leaseRenewInterval;
    Duration dispatchPollInterval;
    int dispatchBatch;
    Duration taskLeaseTtl;
    Duration taskHeartbeatInterval;
    Duration taskSweepInterval;
    Duration taskPollInterval;
    int maxConcurrentActivities;
    Duration timerHorizon;
    Duration timerRefreshInterval;
    Duration awaitPollInterval;
    Duration stepRetryDelay;
    int hostInstances;
    int maxChildDepth;
    Duration cancelGracePeriod;
    Duration idleRelease;
    int maxHostedRuns;
    Duration idlePollInterval;
    int snapshotEvery;
    java.util.Map<String, Integer> snapshotEveryByType;
    boolean paranoidSnapshots;
    Duration forwardTimeout;

    Fields(EngineOptions o) {
      nodeId = o.nodeId;
      instance = o.instance;
      leaseTtl = o.leaseTtl;
      leaseRenewInterval = o.leaseRenewInterval;
      dispatchPollInterval = o.dispatchPollInterval;
      dispatchBatch = o.dispatchBatch;
      taskLeaseTtl = o.taskLeaseTtl;
      taskHeartbeatInterval = o.taskHeartbeatInterval;
      taskSweepInterval = o.taskSweepInterval;
      taskPollInterval = o.taskPollInterval;
      maxConcurrentActivities = o.maxConcurrentActivities;
      timerHorizon = o.timerHorizon;
      timerRefreshInterval = o.timerRefreshInterval;
      awaitPollInterval = o.awaitPollInterval;
      stepRetryDelay = o.stepRetryDelay;
      hostInstances = o.hostInstances;
      maxChildDepth = o.maxChildDepth;
      cancelGracePeriod = o.cancelGracePeriod;
      idleRelease = o.idleRelease;
      maxHostedRuns = o.maxHostedRuns;
      idlePollInterval = o.idlePollInterval;
      snapshotEvery = o.snapshotEvery;
      snapshotEveryByType = o.snapshotEveryByType;
      paranoidSnapshots = o.paranoidSnapshots;
      forwardTimeout = o.forwardTimeout;
    }

    EngineOptions build() {
      return new EngineOptions(
          nodeId,
          instance,
          leaseTtl,
          leaseRenewInterval,
          dispatchPollInterval,
          dispatchBatch,
          taskLeaseTtl,
          taskHeartbeatInterval,
          taskSweepInterval,
          taskPollInterval,
          maxConcurrentActivities,
          timerHorizon,
          timerRefreshInterval,
          awaitPollInterval,
          stepRetryDelay,
          hostInstances,
          maxChildDepth,
          cancelGracePeriod,
          idleRelease,
          maxHostedRuns,
          idlePollInterval,
          snapshotEvery,
          snapshotEveryByType,
          paranoidSnapshots,
          forwardTimeout);
    }
  }
}
