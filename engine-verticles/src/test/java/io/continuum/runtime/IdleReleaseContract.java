package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.journal.RunRecord;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, items 1 and 2: a run with nothing to do leaves memory and gives its lease back after
 * the idle period (journal time), and comes back — on any node — when a signal, a timer or a
 * child's end makes it runnable; a run with its own activity in flight stays; beyond the memory
 * budget the least recently active runs leave first; a killed node's idle runs are finished by
 * another node without waiting for any lease to lapse. Runs on both journals.
 */
public abstract class IdleReleaseContract {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration IDLE = Duration.ofSeconds(10);

  /** Holds the slow activity while set. */
  static volatile CountDownLatch gate;

  /** Counted down when the slow activity starts. */
  static volatile CountDownLatch started;

  protected abstract EngineNodes newNodes();

  @WorkflowType("idle.go")
  public static final class WaitForGo implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      String go = ctx.awaitSignal("go", String.class);
      return in + ":" + go;
    }
  }

  @WorkflowType("idle.nap")
  public static final class Nap implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.sleep(Duration.ofMinutes(1));
      return "rested " + in;
    }
  }

  @WorkflowType("idle.long")
  public static final class LongThenWait implements Workflow<Integer, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, Integer n) {
      int sum = 0;
      for (int i = 0; i < n; i++) {
        sum += ctx.sideEffect("one", Integer.class, () -> 1);
      }
      return sum + ctx.awaitSignal("go", Integer.class);
    }
  }

  @WorkflowType("idle.parent")
  public static final class Parent implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return "parent of " + ctx.child(WaitForGo.class, in);
    }
  }

  @WorkflowType("idle.slow")
  public static final class SlowCall implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(Slow.class, in);
    }
  }

  public static final class Slow implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) throws Exception {
      CountDownLatch s = started;
      if (s != null) {
        s.countDown();
      }
      CountDownLatch g = gate;
      if (g != null && !g.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the gate stayed shut");
      }
      return "slow " + in;
    }
  }

  private EngineNodes nodes;

  @BeforeEach
  void open() {
    gate = null;
    started = null;
    nodes = newNodes();
  }

  @AfterEach
  void close() {
    CountDownLatch g = gate;
    if (g != null) {
      g.countDown();
    }
    nodes.close();
  }

  private EngineNodes.Node node(String id, UnaryOperator<EngineOptions> tune) {
    return nodes.start(
        id,
        o -> tune.apply(o.withIdleRelease(IDLE)),
        b ->
            b.workflow(WaitForGo.class)
                .workflow(Nap.class)
                .workflow(Parent.class)
                .workflow(SlowCall.class)
                .workflow(LongThenWait.class)
                .activity(new Slow()));
  }

  private EngineNodes.Node node(String id) {
    return node(id, UnaryOperator.identity());
  }

  private static <T> T join(Future<T> f) {
    return EngineNodes.join(f, WAIT);
  }

  private static boolean awaitLatch(CountDownLatch latch) {
    try {
      return latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private RunRecord record(String runId) {
    return join(nodes.journal().run(runId));
  }

  private void untilState(String runId, io.continuum.RunState state) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (record(runId).state() != state) {
      assertThat(System.nanoTime()).as(runId + " reaches " + state).isLessThan(deadline);
      LockSupport.parkNanos(2_000_000);
    }
  }

  /** Passes the idle period on the journal clock and lets the node notice. */
  private void idleFor(EngineNodes.Node node, Duration d) {
    nodes.advanceClock(d);
    node.tick();
    nodes.settle();
  }

  @Test
  void aWaitingRunLeavesAndASignalBringsItBack() {
    var a = node("a");
    join(a.engine().client().start(WaitForGo.class, "x", StartOptions.withId("w-1")));
    nodes.settle();
    assertThat(record("w-1").leaseOwner()).as("hosted while fresh").isNotNull();

    idleFor(a, IDLE.minusSeconds(1));
    assertThat(record("w-1").leaseOwner()).as("not idle long enough yet").isNotNull();
    idleFor(a, Duration.ofSeconds(2));
    assertThat(record("w-1").leaseOwner()).as("released once idle").isNull();
    assertThat(record("w-1").state()).isEqualTo(io.continuum.RunState.SUSPENDED);

    join(a.engine().client().signal("w-1", "go", "now"));
    assertThat(join(a.engine().client().await("w-1", String.class, WAIT))).isEqualTo("x:now");
  }

  @Test
  void aRunWithALongHistoryStoresASnapshotAsItLeavesAndResumesFromIt() {
    // No step-time snapshots: the one found later is the eviction's.
    var a = node("a", o -> o.withSnapshotEvery(0).withSnapshotEvery("idle.long", 1_000));
    join(a.engine().client().start(LongThenWait.class, 40, StartOptions.withId("l-1")));
    nodes.settle();
    assertThat(join(nodes.journal().resume("l-1")).snapshot()).as("none before").isNull();
    idleFor(a, IDLE.plusSeconds(1));
    assertThat(record("l-1").leaseOwner()).isNull();
    var resumption = join(nodes.journal().resume("l-1"));
    assertThat(resumption.snapshot()).as("stored on eviction").isNotNull();
    assertThat(resumption.snapshot().seq()).isEqualTo(record("l-1").lastSeq());
    assertThat(resumption.tail()).isEmpty();

    join(a.engine().client().signal("l-1", "go", 2));
    assertThat(join(a.engine().client().await("l-1", Integer.class, WAIT))).isEqualTo(42);
  }

  @Test
  void aRunWithItsActivityInFlightStays() {
    gate = new CountDownLatch(1);
    started = new CountDownLatch(1);
    var a = node("a");
    join(a.engine().client().start(SlowCall.class, "y", StartOptions.withId("s-1")));
    assertThat(awaitLatch(started)).as("the activity started").isTrue();
    untilState("s-1", io.continuum.RunState.SUSPENDED);
    // Past the idle period, within the task's lease: the activity is still running here.
    nodes.advanceClock(IDLE.plusSeconds(5));
    a.tick();
    assertThat(record("s-1").leaseOwner()).as("its activity runs here").isNotNull();
    gate.countDown();
    assertThat(join(a.engine().client().await("s-1", String.class, WAIT))).isEqualTo("slow y");
  }

  @Test
  void aTimerWakesARunThatLeft() {
    var a = node("a");
    join(a.engine().client().start(Nap.class, "z", StartOptions.withId("n-1")));
    nodes.settle();
    idleFor(a, IDLE.plusSeconds(1));
    assertThat(record("n-1").leaseOwner()).isNull();

    idleFor(a, Duration.ofMinutes(1));
    a.tick(); // the wheel fired it; the dispatcher claims it
    assertThat(join(a.engine().client().await("n-1", String.class, WAIT))).isEqualTo("rested z");
  }

  @Test
  void aChildsEndWakesItsParentThatLeft() {
    var a = node("a");
    join(a.engine().client().start(Parent.class, "c", StartOptions.withId("p-1")));
    nodes.settle();
    String child = null;
    var children =
        new io.continuum.journal.RunSearch(
            "default", java.util.Set.of(), "idle.go", null, null, null, null, null, 10);
    for (RunRecord r : join(nodes.journal().query(children))) {
      child = r.runId();
    }
    assertThat(child).as("the child started").isNotNull();
    untilState(child, io.continuum.RunState.SUSPENDED);
    idleFor(a, IDLE.plusSeconds(1));
    assertThat(record("p-1").leaseOwner()).as("the parent left").isNull();
    assertThat(record(child).leaseOwner()).as("the child left").isNull();

    join(a.engine().client().signal(child, "go", "up"));
    assertThat(join(a.engine().client().await("p-1", String.class, WAIT)))
        .isEqualTo("parent of c:up");
  }

  @Test
  void anotherNodeFinishesAKilledNodesIdleRunsWithoutWaitingForLeases() {
    var a = node("a");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add("k-" + i);
      join(a.engine().client().start(WaitForGo.class, "k" + i, StartOptions.withId("k-" + i)));
    }
    nodes.settle();
    idleFor(a, IDLE.plusSeconds(1));
    a.kill();
    // Well inside the 30 s lease TTL: a lease that had been kept would still fence b out.
    var b = node("b");
    for (String id : ids) {
      join(b.engine().client().signal(id, "go", "b"));
    }
    b.tick();
    for (int i = 0; i < ids.size(); i++) {
      assertThat(join(b.engine().client().await(ids.get(i), String.class, WAIT)))
          .isEqualTo("k" + i + ":b");
    }
  }

  @Test
  void beyondTheBudgetTheLeastRecentlyActiveLeaveFirst() {
    var a =
        node("a", o -> o.withIdleRelease(Duration.ZERO).withMaxHostedRuns(3).withHostInstances(1));
    for (int i = 1; i <= 5; i++) {
      join(a.engine().client().start(WaitForGo.class, "b" + i, StartOptions.withId("b-" + i)));
      nodes.settle();
    }
    assertThat(record("b-1").leaseOwner()).as("eldest left").isNull();
    assertThat(record("b-2").leaseOwner()).as("second eldest left").isNull();
    for (int i = 3; i <= 5; i++) {
      assertThat(record("b-" + i).leaseOwner()).as("b-" + i + " stays").isNotNull();
    }
    for (int i = 1; i <= 5; i++) {
      join(a.engine().client().signal("b-" + i, "go", "g"));
    }
    a.tick();
    for (int i = 1; i <= 5; i++) {
      assertThat(join(a.engine().client().await("b-" + i, String.class, WAIT)))
          .isEqualTo("b" + i + ":g");
    }
  }
}
