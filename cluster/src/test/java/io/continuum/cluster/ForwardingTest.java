package io.continuum.cluster;

import static io.continuum.cluster.ClusteredNodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.CancelledFailure;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three clustered nodes on one Postgres with LISTEN/NOTIFY off and every poll an hour away: a
 * signal, a cancel or an await sent to a node that does not host the run reaches the owner through
 * the cluster (each test proves the forward happened, and the time bound is below the lease beat,
 * the only other way the owner could learn of it); when the owner is gone, the database path takes
 * over.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ForwardingTest {
  // Below the 10 s lease beat, the only backstop left with LISTEN off and hour-long polls.
  private static final Duration FAST = Duration.ofSeconds(5);

  @WorkflowType("cluster.greeting")
  public static final class Greeting implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String greeting) {
      return greeting + ", " + ctx.awaitSignal("name", String.class);
    }
  }

  private final ClusteredNodes nodes = new ClusteredNodes(3, false);
  private final ClusteredNodes.Node a = nodes.start(b -> b.workflow(Greeting.class));
  private final ClusteredNodes.Node b = nodes.start(b -> b.workflow(Greeting.class));
  private final ClusteredNodes.Node c = nodes.start(b -> b.workflow(Greeting.class));

  @AfterEach
  void close() {
    nodes.close();
  }

  // Started through a's client, so a hosts it; suspended once its first step committed.
  private String waitingOnA(String runId) {
    join(a.engine().client().start(Greeting.class, "hello", StartOptions.withId(runId)));
    assertThat(join(nodes.journal().run(runId)).state()).isEqualTo(RunState.SUSPENDED);
    assertThat(join(nodes.journal().run(runId)).leaseOwner()).isEqualTo(a.engine().owner());
    return runId;
  }

  private static <T> T within(Duration bound, Future<T> f) {
    long began = System.nanoTime();
    T value = join(f);
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(bound);
    return value;
  }

  @Test
  void aSignalSentToAnotherNodeWakesTheOwnerThroughTheCluster() {
    String runId = waitingOnA("greet-1");
    long began = System.nanoTime();
    join(b.engine().client().signal(runId, "name", "Ada"));
    assertThat(join(a.engine().client().await(runId, String.class, Duration.ofSeconds(30))))
        .isEqualTo("hello, Ada");
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(FAST);
    awaitCount(() -> b.forwarded("wake", "delivered"), 1);
    assertThat(join(nodes.journal().run(runId)).leaseOwner())
        .as("a took the step, nobody claimed the run")
        .isIn(a.engine().owner(), null);
  }

  @Test
  void aCancelSentToAnotherNodeIsAnsweredByTheOwner() {
    String runId = waitingOnA("greet-2");
    within(FAST, c.engine().client().cancel(runId));
    assertThat(join(nodes.journal().run(runId)).state()).isEqualTo(RunState.CANCELLED);
    awaitCount(() -> c.forwarded("cancel", "delivered"), 1);
    // the cancel is over when it answers: awaiting the run on any node says so at once
    assertThat(failureOf(b.engine().client().await(runId, String.class)))
        .isInstanceOf(CancelledFailure.class);
  }

  @Test
  void anAwaitOnAnotherNodeReturnsAsSoonAsTheRunEnds() {
    String runId = waitingOnA("greet-3");
    Future<String> awaited = b.engine().client().await(runId, String.class);
    join(a.engine().client().signal(runId, "name", "Grace"));
    assertThat(within(FAST, awaited)).isEqualTo("hello, Grace");
  }

  @Test
  void aCancelRacingTheLastStepSaysTruthfullyWhichWon() {
    int cancelled = 0;
    int completed = 0;
    for (int i = 0; i < 40; i++) {
      String runId = waitingOnA("race-" + i);
      // through the owner on even rounds, through a node that does not host it on odd ones
      var canceller = i % 2 == 0 ? a : c;
      Future<Void> signal = b.engine().client().signal(runId, "name", "Ada");
      Future<Void> cancel = canceller.engine().client().cancel(runId);
      join(signal.transform(ar -> Future.succeededFuture()));
      Throwable refused = failureOrNull(cancel);
      RunState end = awaitEnd(runId);
      if (refused == null) {
        assertThat(end).as("%s: the cancel was accepted", runId).isEqualTo(RunState.CANCELLED);
        cancelled++;
      } else {
        assertThat(refused).as("%s", runId).isInstanceOf(RunTerminal.class);
        assertThat(((RunTerminal) refused).state()).isEqualTo(end);
        assertThat(end).isEqualTo(RunState.COMPLETED);
        completed++;
      }
    }
    assertThat(cancelled + completed).isEqualTo(40);
  }

  @Test
  void whenTheOwnerHasLeftASignalTakesTheDatabasePath() {
    String runId = waitingOnA("greet-4");
    a.stop(); // releases its leases and leaves the cluster
    long began = System.nanoTime();
    join(b.engine().client().signal(runId, "name", "Edsger"));
    assertThat(join(b.engine().client().await(runId, String.class, Duration.ofSeconds(30))))
        .isEqualTo("hello, Edsger");
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(FAST);
    awaitCount(() -> b.forwarded("wake", "no_owner"), 1);
    assertThat(join(nodes.journal().run(runId)).state()).isEqualTo(RunState.COMPLETED);
  }

  // A forward's outcome is counted when its answer arrives, which may be after the run moved on.
  private static void awaitCount(java.util.function.DoubleSupplier count, double expected) {
    long deadline = System.nanoTime() + FAST.toNanos();
    while (count.getAsDouble() < expected && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(count.getAsDouble()).isEqualTo(expected);
  }

  @Test
  void aCrashedOwnersRunIsClaimedOnceItsLeaseLapsesWithoutWaitingForAPoll() {
    try (var pair = new ClusteredNodes(2, false)) {
      var owner =
          pair.start(o -> o.withLeaseTtl(Duration.ofSeconds(3)), b -> b.workflow(Greeting.class));
      var other =
          pair.start(o -> o.withLeaseTtl(Duration.ofSeconds(3)), b -> b.workflow(Greeting.class));
      join(owner.engine().client().start(Greeting.class, "hi", StartOptions.withId("crash-1")));
      assertThat(join(pair.journal().run("crash-1")).leaseOwner())
          .isEqualTo(owner.engine().owner());
      owner.kill(); // releases nothing: the lease stays until it lapses
      assertThat(join(pair.journal().run("crash-1")).leaseOwner())
          .isEqualTo(owner.engine().owner());

      long began = System.nanoTime();
      join(other.engine().client().signal("crash-1", "name", "Barbara"));
      // with hour-long polls, only the claim round scheduled when the owner did not answer
      // explains a claim this soon after the 3 s lease lapsed
      assertThat(
              join(other.engine().client().await("crash-1", String.class, Duration.ofSeconds(30))))
          .isEqualTo("hi, Barbara");
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(8));
      assertThat(other.forwarded("wake", "unreachable")).isEqualTo(1);
      assertThat(join(pair.journal().run("crash-1")).leaseOwner())
          .isIn(other.engine().owner(), null);
    }
  }

  private RunState awaitEnd(String runId) {
    long deadline = System.nanoTime() + ClusteredNodes.WAIT.toNanos();
    while (true) {
      RunState state = join(nodes.journal().run(runId)).state();
      if (state.isTerminal()) {
        return state;
      }
      assertThat(System.nanoTime()).as("%s ends", runId).isLessThan(deadline);
      join(a.engine().idle());
    }
  }

  private static Throwable failureOf(Future<?> f) {
    Throwable t = failureOrNull(f);
    assertThat(t).as("a failure").isNotNull();
    return t;
  }

  private static Throwable failureOrNull(Future<?> f) {
    try {
      join(f);
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    } catch (RuntimeException e) {
      return e;
    }
  }
}
