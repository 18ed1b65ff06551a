package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.RunConflict;
import io.continuum.RunTerminal;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 3: signal-with-start makes the run and its signal in one write, or signals the run
 * that exists; concurrent calls through two nodes make one run and deliver every signal once; a
 * node killed right after the write leaves the signal to whoever takes the run over. Runs on both
 * journals.
 */
public abstract class SignalWithStartContract {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration LEASE = Duration.ofSeconds(30);

  protected abstract EngineNodes newNodes();

  /** Collects "add" signals until one says "checkout"; returns them in order. */
  @WorkflowType("sws.cart")
  public static final class Cart implements Workflow<String, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, String customer) {
      List<String> items = new ArrayList<>();
      for (String item = ctx.awaitSignal("add", String.class);
          !item.equals("checkout");
          item = ctx.awaitSignal("add", String.class)) {
        items.add(item);
      }
      return items;
    }
  }

  /** Ends in its first step. */
  @WorkflowType("sws.instant")
  public static final class Instant implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return in;
    }
  }

  private EngineNodes nodes;

  @BeforeEach
  void open() {
    nodes = newNodes();
  }

  @AfterEach
  void close() {
    nodes.close();
  }

  private EngineNodes.Node node(String id) {
    return nodes.start(
        id, o -> o.withLeaseTtl(LEASE), b -> b.workflow(Cart.class).workflow(Instant.class));
  }

  private static <T> T join(Future<T> f) {
    return EngineNodes.join(f, WAIT);
  }

  @Test
  void theFirstCallStartsTheRunWithItsSignalAndLaterCallsSignalIt() {
    var a = node("a");
    var first =
        join(
            a.engine()
                .client()
                .signalWithStart(Cart.class, "ada", StartOptions.withId("cart-1"), "add", "book"));
    assertThat(first.created()).isTrue();
    // Another input: the run exists, so it is signalled, not refused.
    var second =
        join(
            a.engine()
                .client()
                .signalWithStart(
                    Cart.class, "someone else", StartOptions.withId("cart-1"), "add", "pen"));
    assertThat(second.created()).isFalse();
    join(a.engine().client().signal("cart-1", "add", "checkout"));
    assertThat(join(a.engine().client().await("cart-1", List.class, WAIT)))
        .isEqualTo(List.of("book", "pen"));

    // Another workflow type under the id is a conflict; a run that ends at once cannot be
    // signalled.
    assertThatThrownBy(
            () ->
                join(
                    a.engine()
                        .client()
                        .signalWithStart(
                            Instant.class, "x", StartOptions.withId("cart-1"), "add", "x")))
        .isInstanceOf(RunConflict.class);
    assertThatThrownBy(
            () ->
                join(
                    a.engine()
                        .client()
                        .signalWithStart(
                            Instant.class, "x", StartOptions.withId("instant-1"), "add", "x")))
        .isInstanceOf(RunTerminal.class);
  }

  /** Nothing else wakes the run: the signal written with the start alone must be consumed. */
  @Test
  void theSignalOfTheStartIsConsumedWithoutAnyOtherWake() {
    var a = node("a");
    join(
        a.engine()
            .client()
            .signalWithStart(Cart.class, "dee", StartOptions.withId("cart-4"), "add", "checkout"));
    // Well inside the lease beat and the pollers' backstops (10 s and more), which would also end
    // it: the host itself must read the inbox the start wrote.
    assertThat(join(a.engine().client().await("cart-4", List.class, Duration.ofSeconds(5))))
        .isEmpty();
  }

  @Test
  void concurrentCallsThroughTwoNodesMakeOneRunAndDeliverEverySignalOnce() {
    var a = node("a");
    var b = node("b");
    List<Future<?>> calls = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String item = "item-" + i;
      sent.add(item);
      var via = i % 2 == 0 ? a : b;
      calls.add(
          via.engine()
              .client()
              .signalWithStart(Cart.class, "bob", StartOptions.withId("cart-2"), "add", item));
    }
    long created =
        calls.stream()
            .map(f -> (io.continuum.RunHandle<?>) join(f))
            .filter(io.continuum.RunHandle::created)
            .count();
    assertThat(created).isEqualTo(1);
    nodes.settle();
    a.tick();
    b.tick();
    join(a.engine().client().signal("cart-2", "add", "checkout"));
    nodes.settle();
    a.tick();
    b.tick();
    @SuppressWarnings("unchecked")
    List<String> got = join(a.engine().client().await("cart-2", List.class, WAIT));
    assertThat(got).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(signalsIn("cart-2")).hasSize(21);
  }

  @Test
  void aSignalWrittenWithTheStartSurvivesTheStartersCrash() {
    var a = node("a");
    join(
        a.engine()
            .client()
            .signalWithStart(Cart.class, "cy", StartOptions.withId("cart-3"), "add", "lamp"));
    a.kill(); // maybe before its next step consumed the signal: the signal is in the journal
    var b = node("b");
    nodes.advanceClock(LEASE.plusSeconds(5));
    b.tick();
    nodes.settle();
    join(b.engine().client().signal("cart-3", "add", "checkout"));
    nodes.settle();
    b.tick();
    assertThat(join(b.engine().client().await("cart-3", List.class, WAIT)))
        .isEqualTo(List.of("lamp"));
  }

  private List<HistoryEvent> signalsIn(String runId) {
    return join(nodes.journal().history(runId, 0)).stream()
        .filter(h -> h.event() instanceof Event.SignalReceived)
        .toList();
  }
}
