package io.continuum.runtime.regression;

import static io.continuum.runtime.regression.Cluster.WAIT;
import static io.continuum.runtime.regression.Cluster.completesWithin;
import static io.continuum.runtime.regression.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.ActivityContext;
import io.continuum.AsyncActivity;
import io.continuum.CancelledFailure;
import io.continuum.Continuum;
import io.continuum.RunHandle;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.journal.memory.InMemoryJournal;
import io.continuum.runtime.Engine;
import io.continuum.runtime.regression.FaultJournal.Op;
import io.continuum.testing.SettableClock;
import io.continuum.testing.TestEnvironment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Review findings 2, 9, 10 and 11: which host verticle takes a run, what happens to hosts while
 * they stop, and messages between engines.
 */
class HostingRegressionTest {

  /** Waits for "go", then returns it. */
  public static final class WaitGo implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("go", String.class);
    }
  }

  /** Starts an {@link Echo} run from its own event loop (a host's) and returns its result. */
  public static final class StartsEcho implements AsyncActivity<String, String> {
    final AtomicReference<Continuum> client = new AtomicReference<>();

    @Override
    public Future<String> execute(ActivityContext ctx, String in) {
      return client.get().start(Echo.class, in).compose(RunHandle::result);
    }
  }

  /** Runs {@link StartsEcho}. */
  public static final class Parent implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(StartsEcho.class, in);
    }
  }

  /** Returns its input. */
  public static final class Echo implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return in;
    }
  }

  // ---- local starts -------------------------------------------------------------------------

  @Test
  void aRunStartedFromAHostsEventLoopIsHostedThereAndFinishes() {
    try (var cluster = new Cluster()) {
      var startsEcho = new StartsEcho();
      var a =
          cluster.start(
              "a", b -> b.workflow(Parent.class).workflow(Echo.class).activity(startsEcho));
      startsEcho.client.set(a.engine.client());

      RunHandle<String> parent = join(a.engine.client().start(Parent.class, "ping"));

      assertThat(join(parent.result())).isEqualTo("ping");
      List<String> echoes =
          cluster.journal.runIds().stream().filter(id -> !id.equals(parent.runId())).toList();
      assertThat(echoes).hasSize(1);
      assertThat(join(cluster.journal.run(echoes.get(0))).state()).isEqualTo(RunState.COMPLETED);
    }
  }

  // ---- finding 2 ----------------------------------------------------------------------------

  @Test
  void concurrentStartsOfOneIdAreTakenOneAtATimeAndLeaveOneHostedRun() {
    try (var cluster = new Cluster()) {
      var a = cluster.start("a", b -> b.workflow(WaitGo.class));
      var starts = a.journal.hold(Op.START, 2);
      var options = StartOptions.withId("dup-1");
      Future<RunHandle<String>> first = a.engine.client().start(WaitGo.class, "x", options);
      var firstCall = starts.next(WAIT);
      // The second start of the same id waits on its host until the first is answered.
      Future<RunHandle<String>> second = a.engine.client().start(WaitGo.class, "x", options);

      firstCall.release();
      assertThat(join(first).created()).isTrue();
      starts.next(WAIT).release();
      assertThat(join(second).created()).isFalse();

      join(a.engine.client().signal("dup-1", "go", "hi"));
      cluster.settle(); // no tick: the run is hosted, not waiting for the lease keeper
      assertThat(join(a.engine.client().await("dup-1", String.class, WAIT))).isEqualTo("hi");
      assertThat(join(cluster.journal.history("dup-1", 0))).hasSize(4);
    }
  }

  // ---- finding 9 ----------------------------------------------------------------------------

  @Test
  void undeployWhileAStartIsInFlightCompletes() {
    try (var cluster = new Cluster()) {
      var a = cluster.start("a", o -> o.withHostInstances(1), b -> b.workflow(WaitGo.class));
      var starts = a.journal.hold(Op.START, "slow-1"::equals, 1);
      var start = a.engine.client().start(WaitGo.class, "x", StartOptions.withId("slow-1"));
      var held = starts.next(WAIT);

      a.alive = false;
      Future<Void> undeploy = a.engine.undeploy();
      awaitHostStopping(a.engine);
      held.release(); // the start lands while its host is stopping

      assertThat(completesWithin(undeploy, WAIT)).as("undeploy completes").isTrue();
      assertThat(undeploy.succeeded()).isTrue();
      assertThat(completesWithin(start, WAIT)).as("the start is answered").isTrue();
      var record = join(cluster.journal.run("slow-1"));
      assertThat(record.state()).isEqualTo(RunState.SUSPENDED);
      assertThat(record.leaseOwner()).isNull(); // released: any node can take it
    }
  }

  @Test
  void undeployWhileAnAdoptionIsLoadingCompletes() {
    try (var cluster = new Cluster()) {
      var other = cluster.start("other", b -> b.workflow(WaitGo.class));
      join(other.engine.client().start(WaitGo.class, "x", StartOptions.withId("adopt-1")));
      cluster.settle();
      other.stop(); // releases the run

      var a = cluster.start("a", o -> o.withHostInstances(1), b -> b.workflow(WaitGo.class));
      var loads = a.journal.hold(Op.HISTORY, "adopt-1"::equals, 1);
      join(a.engine.client().signal("adopt-1", "unrelated", "x")); // work waiting: a claims it
      var held = loads.next(WAIT);

      a.alive = false;
      Future<Void> undeploy = a.engine.undeploy();
      awaitHostStopping(a.engine);
      held.fail(); // the adoption's load fails while its host is stopping

      assertThat(completesWithin(undeploy, WAIT)).as("undeploy completes").isTrue();
      assertThat(undeploy.succeeded()).isTrue();
      var record = join(cluster.journal.run("adopt-1"));
      assertThat(record.state()).isEqualTo(RunState.SUSPENDED);
      assertThat(record.leaseOwner()).isNull();
    }
  }

  // The (only) host refuses starts once its stop has begun.
  private static void awaitHostStopping(Engine engine) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int i = 0; System.nanoTime() < deadline; i++) {
      var probe = engine.client().start(WaitGo.class, "p", StartOptions.withId("probe-" + i));
      if (!completesWithin(probe, WAIT)) {
        throw new AssertionError("a probe start got no answer");
      }
      if (probe.failed()) {
        assertThat(probe.cause()).hasMessageContaining("stopping");
        return;
      }
    }
    throw new AssertionError("the host did not begin to stop within " + WAIT);
  }

  // ---- finding 10 ---------------------------------------------------------------------------

  @Test
  void twoEnginesOnOneVertxOnlyReceiveTheirOwnMessages() {
    var clock = new SettableClock(TestEnvironment.DEFAULT_START);
    var journalA = InMemoryJournal.create(clock);
    var journalB = InMemoryJournal.create(clock);
    var options = Cluster.options("same-node"); // same node id and instance on purpose
    Engine a = Engine.builder().journal(journalA).options(options).workflow(WaitGo.class).build();
    Engine b = Engine.builder().journal(journalB).options(options).workflow(WaitGo.class).build();
    Vertx vertx = Vertx.vertx();
    try {
      join(a.deploy(vertx));
      join(b.deploy(vertx));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        ids.add(join(a.client().start(WaitGo.class, "x" + i)).runId());
      }
      assertThat(journalA.runIds()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(journalB.runIds()).isEmpty();

      for (String id : ids) {
        join(a.client().signal(id, "go", "hi-" + id));
      }
      join(a.tick());
      join(b.tick());
      for (String id : ids) {
        assertThat(join(a.client().await(id, String.class, WAIT))).isEqualTo("hi-" + id);
      }
      assertThat(journalB.runIds()).isEmpty();
    } finally {
      try {
        join(b.undeploy());
        join(a.undeploy());
      } finally {
        join(vertx.close());
      }
    }
  }

  // ---- finding 11 ---------------------------------------------------------------------------

  @Test
  void aCancelDeliveredAsTheRunStopsBeingHostedFallsBackToTheJournal() {
    try (var cluster = new Cluster()) {
      var other = cluster.start("other", b -> b.workflow(WaitGo.class));
      join(other.engine.client().start(WaitGo.class, "x", StartOptions.withId("cancel-1")));
      cluster.settle();
      other.stop(); // releases the run

      var a = cluster.start("a", b -> b.workflow(WaitGo.class));
      var loads = a.journal.hold(Op.HISTORY, "cancel-1"::equals, 1);
      join(a.engine.client().signal("cancel-1", "unrelated", "x")); // a claims it, starts loading
      var held = loads.next(WAIT);

      // the run is hosted (loading): the cancel goes to its host and waits there
      var cancel = a.engine.client().cancel("cancel-1");
      held.fail(); // the load fails: the host lets the run go

      assertThat(completesWithin(cancel, WAIT)).as("the cancel is answered").isTrue();
      assertThat(cancel.succeeded()).as("cancel failed: %s", cancel.cause()).isTrue();
      cluster.tick();
      assertThatThrownBy(() -> join(a.engine.client().await("cancel-1", String.class, WAIT)))
          .isInstanceOf(CancelledFailure.class);
      assertThat(join(cluster.journal.run("cancel-1")).state()).isEqualTo(RunState.CANCELLED);
    }
  }

  @Test
  void aCancelReachingTheRunsAddressJustAfterItWasUnhostedIsAnsweredFromTheJournal()
      throws Exception {
    try (var cluster = new Cluster()) {
      var a = cluster.start("a", b -> b.workflow(WaitGo.class));
      join(a.engine.client().start(WaitGo.class, "x", StartOptions.withId("cancel-2")));
      cluster.settle();
      var commits = a.journal.hold(Op.COMMIT, "cancel-2"::equals, 1);
      join(a.engine.client().signal("cancel-2", "go", "done"));
      var held = commits.next(WAIT); // the step that completes the run

      // Queue, on the host's event loop, first the commit's answer (the run ends and is unhosted)
      // and then the cancel (sent while the run is still hosted): it reaches an unregistered
      // consumer and is discarded.
      var blocked = new CountDownLatch(1);
      var unblock = new CountDownLatch(1);
      held.context()
          .runOnContext(
              v -> {
                blocked.countDown();
                try {
                  unblock.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
      held.release();
      Future<Void> cancel = a.engine.client().cancel("cancel-2");
      unblock.countDown();

      assertThat(completesWithin(cancel, WAIT)).as("the cancel is answered").isTrue();
      // the journal's answer: the run had completed
      assertThat(cancel.cause())
          .isInstanceOfSatisfying(
              RunTerminal.class, t -> assertThat(t.state()).isEqualTo(RunState.COMPLETED));
      assertThat(join(a.engine.client().await("cancel-2", String.class, WAIT))).isEqualTo("done");
    }
  }
}
