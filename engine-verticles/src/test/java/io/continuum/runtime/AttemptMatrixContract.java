package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityOptions;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lease/attempt matrix: for each way an activity attempt's outcome can reach its run — handed
 * over to the local host, through the journal, after its task was requeued, after another node took
 * the run over, after the run ended — with the attempt still holding its task lease or not, what
 * happens is defined here and checked on every journal (the in-memory one and Postgres extend this
 * class).
 *
 * <p>A "paused" node is one whose attempt is held mid-body while the journal's clock moves past its
 * leases and the node is not ticked, as a node frozen by a GC pause or SIGSTOP would be. Outcomes:
 * the current attempt's result is what the run journals; a stale attempt's result is dropped
 * (counted as {@code fenced}) and never blocks a later attempt.
 */
public abstract class AttemptMatrixContract {
  protected static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration RUN_LEASE = Duration.ofMinutes(30);
  private static final Duration TASK_LEASE = Duration.ofHours(2);

  /** Fresh nodes on a fresh journal. */
  protected abstract EngineNodes newNodes();

  /** Runs one {@link Gated} activity with 3 attempts and returns its result. */
  @WorkflowType("matrix.one")
  public static final class OneActivity implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(Gated.class, in, ActivityOptions.defaults().withMaxAttempts(3));
    }
  }

  /** Each attempt announces itself and waits until the test releases it. */
  public static final class Gated implements Activity<String, String> {
    private final String node;
    private final Gates gates;

    Gated(String node, Gates gates) {
      this.node = node;
      this.gates = gates;
    }

    @Override
    public String execute(ActivityContext ctx, String in) throws Exception {
      Gates.Gate gate = gates.gate(ctx.runId(), ctx.attempt());
      gate.started.complete(node);
      gate.released.get(WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
      gates.ledger.add(ctx.runId() + "#" + ctx.attempt() + "@" + node);
      return "attempt " + ctx.attempt() + " on " + node;
    }
  }

  static final class Gates {
    record Gate(CompletableFuture<String> started, CompletableFuture<Void> released) {}

    final Map<String, Gate> gates = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> ledger = new ConcurrentLinkedQueue<>();

    Gate gate(String runId, int attempt) {
      return gates.computeIfAbsent(
          runId + "#" + attempt,
          k -> new Gate(new CompletableFuture<>(), new CompletableFuture<>()));
    }

    /** Waits until the attempt runs; returns the node it runs on. */
    String started(String runId, int attempt) {
      return get(gate(runId, attempt).started, "attempt " + attempt + " of " + runId + " to start");
    }

    void release(String runId, int attempt) {
      gate(runId, attempt).released.complete(null);
    }
  }

  private EngineNodes nodes;
  private final Gates gates = new Gates();
  private final Map<String, SimpleMeterRegistry> meters = new ConcurrentHashMap<>();

  @BeforeEach
  void openNodes() {
    nodes = newNodes();
  }

  @AfterEach
  void closeNodes() {
    gates.gates.values().forEach(g -> g.released.complete(null));
    nodes.close();
  }

  // ---- local hand-over ----------------------------------------------------------------------

  @Test
  void aCurrentAttemptHandedOverLocallyIsCommitted() {
    var a = node("a", true, true);
    start(a, "local-current");
    assertThat(gates.started("local-current", 1)).isEqualTo("a");
    gates.release("local-current", 1);

    assertThat(result(a, "local-current")).isEqualTo("attempt 1 on a");
    assertThat(completedAttempts("local-current")).containsExactly(1);
  }

  /**
   * The paused-node defect: attempt 1 outlives its task lease, the task is requeued and attempt 2
   * runs on the same node; attempt 1's late result must not block attempt 2's.
   */
  @Test
  void aStaleAttemptHandedOverAfterARequeueIsDroppedAndTheNextAttemptCommits() {
    var a = node("a", true, true);
    start(a, "local-stale");
    gates.started("local-stale", 1);

    nodes.advanceClock(TASK_LEASE.plusMinutes(1)); // a was paused past both leases
    a.tick(); // a wakes: renews its run lease, sweeps, claims the requeued task
    assertThat(gates.started("local-stale", 2)).isEqualTo("a");

    gates.release("local-stale", 1);
    awaitCondition("attempt 1's late result is dropped", () -> fenced("a") == 1);
    gates.release("local-stale", 2);

    assertThat(result(a, "local-stale")).isEqualTo("attempt 2 on a");
    assertThat(completedAttempts("local-stale")).containsExactly(2);
    assertThat(gates.ledger).containsExactly("local-stale#1@a", "local-stale#2@a");
  }

  /** Attempt 1 holds the node's only slot while it is requeued: attempt 2 runs once it ends. */
  @Test
  void aStaleAttemptOfANodeWithOneSlotIsDroppedAndTheNextAttemptRunsAfterIt() {
    var a = node("a", o -> o.withMaxConcurrentActivities(1), true, true);
    var sweeper = node("sweeper", false, false);
    start(a, "one-slot");
    gates.started("one-slot", 1);

    nodes.advanceClock(TASK_LEASE.plusMinutes(1));
    sweeper.tick(); // requeues the task; a has no free slot to claim it
    a.tick();
    gates.release("one-slot", 1);
    assertThat(gates.started("one-slot", 2)).isEqualTo("a");
    gates.release("one-slot", 2);

    assertThat(result(a, "one-slot")).isEqualTo("attempt 2 on a");
    assertThat(completedAttempts("one-slot")).containsExactly(2);
    awaitCondition("attempt 1's late result is dropped", () -> fenced("a") == 1);
  }

  @Test
  void aStaleAttemptArrivingAfterTheNextAttemptCommittedChangesNothing() {
    var a = node("a", true, true);
    start(a, "late");
    gates.started("late", 1);
    nodes.advanceClock(TASK_LEASE.plusMinutes(1));
    a.tick();
    gates.started("late", 2);

    gates.release("late", 2);
    assertThat(result(a, "late")).isEqualTo("attempt 2 on a");
    gates.release("late", 1);
    awaitCondition("attempt 1's late result is dropped", () -> fenced("a") == 1);

    assertThat(completedAttempts("late")).containsExactly(2);
    assertThat(state("late")).isEqualTo(RunState.COMPLETED);
  }

  // ---- through the journal ------------------------------------------------------------------

  @Test
  void aCurrentAttemptOfAnotherNodeIsCommittedThroughTheJournal() {
    var host = node("host", true, false);
    var worker = node("worker", false, true);
    start(host, "remote-current");
    worker.tick();
    assertThat(gates.started("remote-current", 1)).isEqualTo("worker");
    gates.release("remote-current", 1);

    assertThat(result(host, "remote-current")).isEqualTo("attempt 1 on worker");
    assertThat(completedAttempts("remote-current")).containsExactly(1);
  }

  @Test
  void aStaleAttemptOfAnotherNodeIsFencedAndTheNextAttemptCommits() {
    var host = node("host", true, false);
    // One slot each: the paused worker's attempt holds its slot, so it cannot take attempt 2.
    var w1 = node("w1", o -> o.withMaxConcurrentActivities(1), false, true);
    var w2 = node("w2", o -> o.withMaxConcurrentActivities(1), false, true);
    start(host, "remote-stale");
    w1.tick();
    w2.tick();
    String first = gates.started("remote-stale", 1);
    var second = first.equals("w1") ? w2 : w1;
    String secondName = first.equals("w1") ? "w2" : "w1";

    nodes.advanceClock(TASK_LEASE.plusMinutes(1)); // the first worker was paused
    host.tick();
    second.tick(); // sweeps and claims attempt 2
    assertThat(gates.started("remote-stale", 2)).isEqualTo(secondName);
    gates.release("remote-stale", 1);
    awaitCondition("attempt 1's late result is fenced", () -> fenced(first) == 1);
    gates.release("remote-stale", 2);

    assertThat(result(host, "remote-stale")).isEqualTo("attempt 2 on " + secondName);
    assertThat(completedAttempts("remote-stale")).containsExactly(2);
  }

  // ---- after a takeover ---------------------------------------------------------------------

  /**
   * The run moved to another node while its attempt still holds the task lease: the old host's
   * hand-over reaches the new owner through the journal, without waiting for the task lease.
   */
  @Test
  void aCurrentAttemptHandedToAHostThatLostTheRunReachesTheNewOwner() {
    var a = node("a", true, true);
    var b = node("b", true, true);
    start(a, "takeover-current");
    assertThat(gates.started("takeover-current", 1)).isEqualTo("a");

    nodes.advanceClock(RUN_LEASE.plusMinutes(1)); // a paused past its run lease only
    join(b.engine().client().signal("takeover-current", "poke", "x")); // work waiting: claimable
    b.tick();
    awaitCondition("b owns the run", () -> owner("takeover-current").startsWith("b/"));
    gates.release("takeover-current", 1);

    assertThat(result(b, "takeover-current")).isEqualTo("attempt 1 on a");
    assertThat(completedAttempts("takeover-current")).containsExactly(1);
    assertThat(gates.ledger).containsExactly("takeover-current#1@a");
  }

  @Test
  void aStaleAttemptHandedToAHostThatLostTheRunIsDropped() {
    var a = node("a", o -> o.withMaxConcurrentActivities(1), true, true);
    var b = node("b", true, true);
    start(a, "takeover-stale");
    gates.started("takeover-stale", 1);

    nodes.advanceClock(TASK_LEASE.plusMinutes(1)); // a paused past both leases
    join(b.engine().client().signal("takeover-stale", "poke", "x"));
    b.tick(); // sweeps, claims attempt 2 and the run
    assertThat(gates.started("takeover-stale", 2)).isEqualTo("b");
    awaitCondition("b owns the run", () -> owner("takeover-stale").startsWith("b/"));
    gates.release("takeover-stale", 1);
    awaitCondition("attempt 1's late result is dropped", () -> fenced("a") == 1);
    gates.release("takeover-stale", 2);

    assertThat(result(b, "takeover-stale")).isEqualTo("attempt 2 on b");
    assertThat(completedAttempts("takeover-stale")).containsExactly(2);
  }

  // ---- after the run ended ------------------------------------------------------------------

  @Test
  void anAttemptFinishingAfterItsRunWasCancelledIsDropped() {
    var a = node("a", true, true);
    start(a, "ended");
    gates.started("ended", 1);
    join(a.engine().client().cancel("ended"));
    assertThat(state("ended")).isEqualTo(RunState.CANCELLED);

    gates.release("ended", 1);
    awaitCondition("the late result is dropped", () -> fenced("a") == 1);

    assertThat(state("ended")).isEqualTo(RunState.CANCELLED);
    assertThat(completedAttempts("ended")).isEmpty();
    assertThat(lastEvent("ended")).isInstanceOf(Event.RunCancelled.class);
  }

  // ---- fixtures -----------------------------------------------------------------------------

  private EngineNodes.Node node(String id, boolean workflow, boolean activity) {
    return node(id, o -> o, workflow, activity);
  }

  private EngineNodes.Node node(
      String id,
      java.util.function.UnaryOperator<EngineOptions> tune,
      boolean workflow,
      boolean activity) {
    var registry = new SimpleMeterRegistry();
    meters.put(id, registry);
    return nodes.start(
        id,
        o -> tune.apply(o.withLeaseTtl(RUN_LEASE).withTaskLeaseTtl(TASK_LEASE)),
        b -> {
          b.meterRegistry(registry);
          if (workflow) {
            b.workflow(OneActivity.class);
          }
          if (activity) {
            b.activity(new Gated(id, gates));
          }
        });
  }

  private static void start(EngineNodes.Node node, String runId) {
    join(node.engine().client().start(OneActivity.class, "x", StartOptions.withId(runId)));
  }

  private static String result(EngineNodes.Node node, String runId) {
    return join(node.engine().client().await(runId, String.class, WAIT));
  }

  private double fenced(String node) {
    Counter c =
        meters
            .get(node)
            .find("continuum.activity.attempts")
            .tags("activity", "Gated", "outcome", "fenced")
            .counter();
    return c == null ? 0 : c.count();
  }

  private RunState state(String runId) {
    return join(nodes.journal().run(runId)).state();
  }

  private String owner(String runId) {
    String owner = join(nodes.journal().run(runId)).leaseOwner();
    return owner == null ? "" : owner;
  }

  private List<Integer> completedAttempts(String runId) {
    return join(nodes.journal().history(runId, 0)).stream()
        .map(HistoryEvent::event)
        .filter(e -> e instanceof Event.ActivityCompleted || e instanceof Event.ActivityFailed)
        .map(
            e ->
                e instanceof Event.ActivityCompleted c
                    ? c.attempts()
                    : -((Event.ActivityFailed) e).attempts())
        .toList();
  }

  private Event lastEvent(String runId) {
    List<HistoryEvent> events = join(nodes.journal().history(runId, 0));
    return events.get(events.size() - 1).event();
  }

  /** Waits (bounded) until the condition holds, checking every few milliseconds. */
  private static void awaitCondition(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private static <T> T join(Future<T> f) {
    return get(f.toCompletionStage().toCompletableFuture(), "a call");
  }

  private static <T> T get(CompletableFuture<T> f, String what) {
    try {
      return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(what + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("not within " + WAIT + ": " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
