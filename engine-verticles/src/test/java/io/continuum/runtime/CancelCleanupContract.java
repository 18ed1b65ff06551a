package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityOptions;
import io.continuum.CancelledFailure;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 5: a cancel is thrown into the workflow's code at its wait, the code refunds the
 * charge it made, and the run ends cancelled — whether the run is hosted where the cancel arrives,
 * owned by a node that died, or its owner dies during the cleanup. Runs on both journals.
 */
public abstract class CancelCleanupContract {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration LEASE = Duration.ofSeconds(30);

  /** What the activities did, in order: the engine never reads it. */
  static final Queue<String> LEDGER = new ConcurrentLinkedQueue<>();

  /** Holds refunds while set (a refund in flight when its node dies). */
  static volatile CountDownLatch refundGate;

  protected abstract EngineNodes newNodes();

  public static final class Charge implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String order) {
      LEDGER.add("charge " + order);
      return "ch-" + order;
    }
  }

  public static final class Refund implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String charge) throws Exception {
      CountDownLatch gate = refundGate;
      if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the gate stayed shut");
      }
      LEDGER.add("refund " + charge + " attempt " + ctx.attempt());
      return "re-" + charge;
    }
  }

  @WorkflowType("cc.checkout")
  public static final class Checkout implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String order) {
      String charge = ctx.activity(Charge.class, order);
      try {
        return ctx.awaitSignal("approval", String.class);
      } catch (CancelledFailure cancelled) {
        ctx.activity(
            Refund.class,
            charge,
            ActivityOptions.defaults()
                .withMaxAttempts(5)
                .withStartToCloseTimeout(Duration.ofMinutes(1)));
        throw cancelled;
      }
    }
  }

  private EngineNodes nodes;

  @BeforeEach
  void open() {
    LEDGER.clear();
    refundGate = null;
    nodes = newNodes();
  }

  @AfterEach
  void close() {
    CountDownLatch gate = refundGate;
    if (gate != null) {
      gate.countDown();
    }
    nodes.close();
  }

  private EngineNodes.Node node(String id) {
    return nodes.start(
        id,
        o -> o.withLeaseTtl(LEASE),
        b -> b.workflow(Checkout.class).activity(new Charge()).activity(new Refund()));
  }

  private static <T> T join(Future<T> f) {
    return EngineNodes.join(f, WAIT);
  }

  private void startWaitingForApproval(EngineNodes.Node on, String id) {
    join(on.engine().client().start(Checkout.class, id, StartOptions.withId(id)));
    nodes.settle();
    assertThat(types(id)).contains("signal_awaited");
  }

  private List<String> types(String runId) {
    return join(nodes.journal().history(runId, 0)).stream()
        .map(HistoryEvent::event)
        .map(Event::typeName)
        .toList();
  }

  private void assertRefundedAndCancelled(EngineNodes.Node via, String id) {
    assertThatThrownBy(() -> join(via.engine().client().await(id, String.class, WAIT)))
        .isInstanceOf(CancelledFailure.class);
    assertThat(join(via.engine().client().getRun(id)).state()).isEqualTo(RunState.CANCELLED);
    assertThat(types(id))
        .containsSubsequence(
            "signal_awaited",
            "cancel_delivered",
            "activity_scheduled",
            "activity_completed",
            "run_cancelled");
    assertThat(LEDGER).contains("charge " + id).anyMatch(l -> l.startsWith("refund ch-" + id));
  }

  @Test
  void aCancelOfTheHostedRunIsCaughtByItsCodeWhichRefundsBeforeTheRunEndsCancelled() {
    var a = node("a");
    startWaitingForApproval(a, "o-1");

    join(a.engine().client().cancel("o-1"));
    nodes.settle();

    assertRefundedAndCancelled(a, "o-1");
    // a signal can no longer change the outcome
    assertThat(types("o-1")).doesNotContain("signal_received", "run_completed");
  }

  @Test
  void aCancelOfARunWhoseOwnerDiedReachesItsCodeOnTheNodeThatTakesItOver() {
    var a = node("a");
    startWaitingForApproval(a, "o-2");
    a.kill();
    var b = node("b");

    // b does not host it; the request waits, binding, for whoever owns it next
    join(b.engine().client().cancel("o-2"));
    assertThat(join(b.engine().client().getRun("o-2")).state()).isEqualTo(RunState.SUSPENDED);
    nodes.advanceClock(LEASE.plusSeconds(5));
    b.tick();
    nodes.settle();
    b.tick();
    nodes.settle();

    assertRefundedAndCancelled(b, "o-2");
  }

  @Test
  void anOwnerThatDiesDuringTheCleanupLeavesItToTheNextOwnerAndTheRunStillEndsCancelled() {
    var a = node("a");
    startWaitingForApproval(a, "o-3");
    refundGate = new CountDownLatch(1);

    join(a.engine().client().cancel("o-3")); // the cleanup starts: the refund hangs on a
    assertThat(types("o-3")).contains("cancel_delivered");
    a.kill();
    CountDownLatch held = refundGate;
    refundGate = null;
    held.countDown(); // a's attempt ends late; its result is fenced or consumed, never doubled

    var b = node("b");
    nodes.advanceClock(Duration.ofMinutes(2)); // past the run lease and the refund's attempt
    b.tick();
    nodes.settle();
    b.tick();
    nodes.settle();
    b.tick();
    nodes.settle();

    assertRefundedAndCancelled(b, "o-3");
    assertThat(types("o-3").stream().filter("cancel_delivered"::equals)).hasSize(1);
  }
}
