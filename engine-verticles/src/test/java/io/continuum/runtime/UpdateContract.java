package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.StartOptions;
import io.continuum.UnknownUpdate;
import io.continuum.UpdateFailed;
import io.continuum.UpdateOptions;
import io.continuum.UpdatePending;
import io.continuum.UpdateRejected;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 2: updates on a real engine — the answer comes once the applying step committed, a
 * refusal writes nothing, a retry with the update id never applies twice (also when the owner died
 * between queueing and answering), and update-with-start makes the run. Runs on both journals.
 */
public abstract class UpdateContract {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration LEASE = Duration.ofSeconds(30);

  protected abstract EngineNodes newNodes();

  /** A cart: "add" answers the cart's size; three items (or "checkout") ship it. */
  @WorkflowType("up.cart")
  public static final class Cart implements Workflow<String, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, String customer) {
      List<String> items = new ArrayList<>();
      ctx.onUpdate(
          "add",
          String.class,
          item -> {
            if (item.isBlank()) {
              throw new IllegalArgumentException("an item needs a name");
            }
            if (items.contains(item)) {
              throw new IllegalArgumentException(item + " is in the cart already");
            }
          },
          item -> {
            if (item.equals("boom")) {
              throw new IllegalStateException("no bombs");
            }
            items.add(item);
            return items.size();
          });
      ctx.await(() -> items.size() >= 3 || items.contains("checkout"));
      return items;
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
    return nodes.start(id, o -> o.withLeaseTtl(LEASE), b -> b.workflow(Cart.class));
  }

  private static <T> T join(Future<T> f) {
    return EngineNodes.join(f, WAIT);
  }

  private List<Event.UpdateApplied> applied(String runId) {
    return join(nodes.journal().history(runId, 0)).stream()
        .map(HistoryEvent::event)
        .filter(Event.UpdateApplied.class::isInstance)
        .map(Event.UpdateApplied.class::cast)
        .toList();
  }

  @Test
  void anUpdateAnswersOnceAppliedAndTheWorkflowsWaitSeesIt() {
    var a = node("a");
    var client = a.engine().client();
    join(client.start(Cart.class, "ada", StartOptions.withId("cart-1")));
    nodes.settle();

    assertThat(join(client.update("cart-1", "add", "book", Integer.class))).isEqualTo(1);
    assertThat(join(client.update("cart-1", "add", "pen", Integer.class))).isEqualTo(2);
    assertThat(applied("cart-1")).hasSize(2);
    assertThat(join(client.update("cart-1", "add", "lamp", Integer.class))).isEqualTo(3);

    assertThat(join(client.await("cart-1", List.class, WAIT)))
        .containsExactly("book", "pen", "lamp");
    assertThatThrownBy(() -> join(client.update("cart-1", "add", "late", Integer.class)))
        .isInstanceOf(RunTerminal.class);
  }

  @Test
  void aRefusedUpdateWritesNothingAndAFailingHandlerIsJournaled() {
    var a = node("a");
    var client = a.engine().client();
    join(client.start(Cart.class, "bo", StartOptions.withId("cart-2")));
    nodes.settle();
    join(client.update("cart-2", "add", "book", Integer.class));
    var before = join(nodes.journal().history("cart-2", 0));

    assertThatThrownBy(() -> join(client.update("cart-2", "add", " ", Integer.class)))
        .isInstanceOf(UpdateRejected.class)
        .hasMessage("an item needs a name");
    assertThatThrownBy(() -> join(client.update("cart-2", "add", "book", Integer.class)))
        .isInstanceOf(UpdateRejected.class)
        .hasMessage("book is in the cart already");
    assertThatThrownBy(() -> join(client.update("cart-2", "remove", "book", Integer.class)))
        .isInstanceOf(UnknownUpdate.class);
    nodes.settle();
    assertThat(join(nodes.journal().history("cart-2", 0))).isEqualTo(before);
    assertThat(join(nodes.journal().inbox("cart-2")).items())
        .noneMatch(InboxItem.UpdateRequested.class::isInstance);

    assertThatThrownBy(() -> join(client.update("cart-2", "add", "boom", Integer.class)))
        .isInstanceOf(UpdateFailed.class)
        .hasMessageContaining("no bombs");
    assertThat(join(client.getRun("cart-2")).state()).isEqualTo(RunState.SUSPENDED);
  }

  @Test
  void aRetryWithTheUpdateIdGetsTheFirstAnswerAndAppliesNothingTwice() {
    var a = node("a");
    var client = a.engine().client();
    join(client.start(Cart.class, "cy", StartOptions.withId("cart-3")));
    nodes.settle();
    var once = UpdateOptions.withId("req-1");

    assertThat(join(client.update("cart-3", "add", "book", Integer.class, once))).isEqualTo(1);
    assertThat(join(client.update("cart-3", "add", "book", Integer.class, once))).isEqualTo(1);
    assertThat(applied("cart-3")).hasSize(1);
  }

  /**
   * The owner dies with the update queued: the caller's wait runs out (the update is pending, not
   * lost); the node that takes the run over applies it; the retry with its id gets that answer.
   */
  @Test
  void anUpdateQueuedWhenItsOwnerDiedIsAppliedByTheNextOwnerAndTheRetryGetsItsAnswer() {
    var a = node("a");
    join(a.engine().client().start(Cart.class, "di", StartOptions.withId("cart-4")));
    nodes.settle();
    a.kill();
    var b = node("b");
    var id = UpdateOptions.withId("req-4").withTimeout(Duration.ofMillis(300));

    assertThatThrownBy(
            () -> join(b.engine().client().update("cart-4", "add", "book", Integer.class, id)))
        .isInstanceOf(UpdatePending.class);
    nodes.advanceClock(LEASE.plusSeconds(5));
    b.tick();
    nodes.settle();

    assertThat(
            join(
                b.engine()
                    .client()
                    .update("cart-4", "add", "book", Integer.class, UpdateOptions.withId("req-4"))))
        .isEqualTo(1);
    assertThat(applied("cart-4")).hasSize(1);
  }

  @Test
  void updateWithStartMakesTheRunOnceAndUpdatesItAfterwards() {
    var a = node("a");
    var client = a.engine().client();

    assertThat(
            join(
                client.updateWithStart(
                    Cart.class,
                    "ed",
                    StartOptions.withId("cart-5"),
                    "add",
                    "book",
                    Integer.class,
                    UpdateOptions.withId("u-1"))))
        .isEqualTo(1);
    assertThat(
            join(
                client.updateWithStart(
                    Cart.class,
                    "someone else",
                    StartOptions.withId("cart-5"),
                    "add",
                    "checkout",
                    Integer.class,
                    UpdateOptions.withId("u-2"))))
        .isEqualTo(2);
    assertThat(join(client.await("cart-5", List.class, WAIT))).containsExactly("book", "checkout");
  }
}
