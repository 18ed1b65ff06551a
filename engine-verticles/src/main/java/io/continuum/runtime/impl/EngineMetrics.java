package io.continuum.runtime.impl;

import io.continuum.RunState;
import io.continuum.journal.JournalStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's meters, all tagged with the node id; every meter the engine registers is registered
 * here (per workflow type in {@link WorkflowMeters}, per activity type in {@link ActivityMeters}).
 * Names follow Micrometer conventions ({@code continuum.tasks.requeued} is exported to Prometheus
 * as {@code continuum_tasks_requeued_total}).
 */
final class EngineMetrics {
  final Counter tasksRequeued;
  final Counter tasksExhausted;
  final Counter dispatcherClaims;
  final Counter leasesRenewed;
  final Counter leasesLost;
  final Counter evictedIdle;
  final Counter evictedBudget;
  final Timer timerLag;
  final Counter snapshotsWritten;
  final Counter snapshotsUsed;
  final Counter snapshotsMismatched;
  private final java.util.EnumMap<io.continuum.core.event.Snapshot.Reason, Counter>
      snapshotsIgnored = new java.util.EnumMap<>(io.continuum.core.event.Snapshot.Reason.class);

  private final MeterRegistry registry;
  private final java.util.concurrent.atomic.AtomicReference<JournalStats> stats =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final String nodeId;
  private final ConcurrentHashMap<String, WorkflowMeters> workflows = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ActivityMeters> activities = new ConcurrentHashMap<>();
  // By "kind/outcome", registered once: forwarding counts on every forwarded message.
  private final Map<String, Counter> forwards = new HashMap<>();

  EngineMetrics(MeterRegistry registry, String nodeId) {
    this.registry = registry;
    this.nodeId = nodeId;
    tasksRequeued =
        counter(
            "continuum.tasks.requeued",
            "Activity tasks requeued after their worker stopped heartbeating");
    tasksExhausted =
        counter(
            "continuum.tasks.exhausted",
            "Activity tasks failed with attempts_exhausted by the requeue sweep");
    dispatcherClaims =
        counter("continuum.dispatcher.claims", "Runnable runs claimed by the dispatcher");
    leasesRenewed =
        counter("continuum.leases.renewed", "Run leases extended by the lease keeper's beats");
    leasesLost =
        counter(
            "continuum.leases.lost",
            "Hosted runs whose lease this node found taken by another owner");
    evictedIdle =
        Counter.builder("continuum.runs.evicted")
            .description("Hosted runs that left memory and gave their lease back")
            .tag("node", nodeId)
            .tag("reason", "idle")
            .register(registry);
    evictedBudget =
        Counter.builder("continuum.runs.evicted")
            .description("Hosted runs that left memory and gave their lease back")
            .tag("node", nodeId)
            .tag("reason", "budget")
            .register(registry);
    timerLag =
        Timer.builder("continuum.timers.lag")
            .description("How late timers fired after their due time, in journal time")
            .tag("node", nodeId)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(registry);
    snapshotsWritten =
        counter(
            "continuum.snapshots.written",
            "History snapshots stored, with a step's commit or before a run left memory");
    snapshotsUsed =
        counter(
            "continuum.snapshots.used",
            "Runs resumed from a snapshot and the events after it, not their full history");
    snapshotsMismatched =
        counter(
            "continuum.snapshots.mismatched",
            "Snapshots that differed from the full history in a paranoid check (the history won)");
    for (String kind : List.of("wake", "cancel")) {
      for (String outcome :
          List.of("delivered", "not_hosted", "no_owner", "unreachable", "failed")) {
        forwards.put(
            kind + "/" + outcome,
            Counter.builder("continuum.forwards")
                .description("Messages for runs hosted on other nodes, forwarded to their owners")
                .tag("node", nodeId)
                .tag("kind", kind)
                .tag("outcome", outcome)
                .register(registry));
      }
    }
    for (var reason : io.continuum.core.event.Snapshot.Reason.values()) {
      snapshotsIgnored.put(
          reason,
          Counter.builder("continuum.snapshots.ignored")
              .description(
                  "Snapshots not used to resume a run (another code version or format, corrupt)")
              .tag("node", nodeId)
              .tag("reason", reason.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
  }

  /**
   * Counts a message for a run hosted elsewhere, by kind ({@code wake}, {@code cancel}) and
   * outcome: {@code delivered} (its owner took it), {@code not_hosted} (the owner named by the
   * journal had let it go), {@code no_owner} (nobody held its lease), {@code unreachable} (no
   * answer in time), {@code failed} (the owner could not do it, e.g. its journal write failed).
   */
  void forwarded(String kind, String outcome) {
    forwards.get(kind + "/" + outcome).increment();
  }

  /** Counts a snapshot a resumption did not use, and why. */
  void snapshotIgnored(io.continuum.core.event.Snapshot.Reason reason) {
    snapshotsIgnored.get(reason).increment();
  }

  /**
   * Registers the gauges: this node's hosted runs ({@code hosted} is read when scraped), and the
   * journal's open runs by state, ready tasks and due timers (as last sampled by {@link #sampled}).
   */
  List<Meter> gauges(java.util.function.IntSupplier hosted) {
    List<Meter> gauges = new ArrayList<>();
    gauges.add(
        Gauge.builder("continuum.runs.hosted", hosted::getAsInt)
            .description("Runs hosted on this node now")
            .tag("node", nodeId)
            .register(registry));
    for (RunState state : RunState.values()) {
      if (!state.isTerminal()) {
        Gauge.builder(
                "continuum.runs.open",
                () ->
                    stats.get() == null
                        ? Double.NaN
                        : stats.get().openRuns().getOrDefault(state, 0L))
            .description("Open runs in the journal, by state (sampled every 15 s)")
            .tag("node", nodeId)
            .tag("state", state.wireName())
            .register(registry);
      }
    }
    gauges.add(
        Gauge.builder(
                "continuum.tasks.ready",
                () -> stats.get() == null ? Double.NaN : stats.get().readyTasks())
            .description("Activity tasks ready to run now (sampled every 15 s)")
            .tag("node", nodeId)
            .register(registry));
    gauges.add(
        Gauge.builder(
                "continuum.timers.due",
                () -> stats.get() == null ? Double.NaN : stats.get().dueTimers())
            .description("Timers due and not fired yet (sampled every 15 s)")
            .tag("node", nodeId)
            .register(registry));
    return gauges;
  }

  /** Removes meters this engine registered (its gauges, when it stops). */
  void remove(List<Meter> meters) {
    meters.forEach(registry::remove);
  }

  /** The journal's counts as last read, for the gauges. */
  void sampled(JournalStats latest) {
    stats.set(latest);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tag("node", nodeId).register(registry);
  }

  /** The meters of one workflow type. */
  WorkflowMeters workflow(String type) {
    WorkflowMeters m = workflows.get(type);
    return m != null
        ? m
        : workflows.computeIfAbsent(type, t -> new WorkflowMeters(registry, nodeId, t));
  }

  /** The meters of one activity type. */
  ActivityMeters activity(String type) {
    ActivityMeters m = activities.get(type);
    return m != null
        ? m
        : activities.computeIfAbsent(type, t -> new ActivityMeters(registry, nodeId, t));
  }

  /**
   * The latency timer of one journal operation and outcome ({@code success} or {@code failure}).
   */
  Timer journalLatency(MeteredJournal.Op op, String outcome) {
    return Timer.builder("continuum.journal.latency")
        .description("Latency of journal calls made by the engine, by operation and outcome")
        .tag("node", nodeId)
        .tag("op", op.name().toLowerCase(Locale.ROOT))
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  /** Records how late a timer fired; never negative (timers never fire early). */
  void timerFired(Duration lateBy) {
    timerLag.record(lateBy.isNegative() ? Duration.ZERO : lateBy);
  }
}
