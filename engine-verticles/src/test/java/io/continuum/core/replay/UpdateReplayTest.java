package io.continuum.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.RunState;
import io.continuum.UnknownUpdate;
import io.continuum.UpdateRejected;
import io.continuum.Workflow;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.testing.WorkflowReplayer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Updates are applied at the code's next wait, journaled with their answer, replayed in place. */
class UpdateReplayTest {

  public static final class Ship implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return in;
    }
  }

  // a cart: "add" updates (no blank items) until three items, then the cart ships them
  private static final Workflow<String, Object> CART =
      (ctx, in) -> {
        List<String> items = new ArrayList<>();
        ctx.onUpdate(
            "add",
            String.class,
            item -> {
              if (item.isBlank()) {
                throw new IllegalArgumentException("an item has a name");
              }
            },
            item -> {
              if (item.equals("boom")) {
                throw new IllegalStateException("no bombs");
              }
              items.add(item);
              ctx.setAttributes(java.util.Map.of("size", items.size()));
              return items.size();
            });
        ctx.onUpdate(
            "ship-now",
            String.class,
            why -> ctx.activity(Ship.class, why)); // waits: refused as a failure
        ctx.await(() -> items.size() >= 3);
        return String.join(",", items);
      };

  private Driver cart() {
    return new Driver(WorkflowDefinition.of("cart", String.class, Object.class, CART), "c");
  }

  private static InboxItem.UpdateRequested add(Driver d, long id, String updateId, String item) {
    return new InboxItem.UpdateRequested(id, updateId, "add", d.encode(item));
  }

  private static List<Event.UpdateApplied> applied(List<Event> events) {
    return events.stream()
        .filter(Event.UpdateApplied.class::isInstance)
        .map(Event.UpdateApplied.class::cast)
        .toList();
  }

  @Test
  void updatesAreAppliedInOrderAtTheWaitAndTheConditionSeesThem() {
    var d = cart();
    assertThat(d.step().state()).isEqualTo(RunState.SUSPENDED);
    var u1 = add(d, 1, "u1", "book");
    var u2 = add(d, 2, "u2", "pen");

    StepOutcome two = d.step(u1, u2);

    assertThat(two.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(two.consumed()).containsExactly(u1, u2);
    assertThat(applied(two.events()))
        .extracting(Event.UpdateApplied::updateId, a -> a.result().jsonText())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("u1", "1"),
            org.assertj.core.groups.Tuple.tuple("u2", "2"));

    StepOutcome done = d.step(add(d, 3, "u3", "lamp"));

    assertThat(done.state()).isEqualTo(RunState.COMPLETED);
    String shipped = ((Event.RunCompleted) done.terminal()).result().decode(d.codec, String.class);
    assertThat(shipped).isEqualTo("book,pen,lamp");
    WorkflowReplayer.replay(d.history.events(), d.definition, d.codec);
  }

  @Test
  void aDuplicateDeliveryIsConsumedWithoutApplyingItAgain() {
    var d = cart();
    d.step();
    d.step(add(d, 1, "u1", "book"));
    var again = add(d, 7, "u1", "book");

    StepOutcome o = d.step(again);

    assertThat(o.consumed()).containsExactly(again);
    assertThat(applied(o.events())).isEmpty();
  }

  @Test
  void aHandlerThatThrowsOrWaitsIsJournaledAsAFailedUpdateAndTheRunGoesOn() {
    var d = cart();
    d.step();
    var boom = add(d, 1, "u1", "boom");
    var ship = new InboxItem.UpdateRequested(2, "u2", "ship-now", d.encode("now"));
    var nope = new InboxItem.UpdateRequested(3, "u3", "nope", d.encode("x"));

    StepOutcome o = d.step(boom, ship, nope);

    assertThat(o.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(o.activities()).isEmpty();
    assertThat(applied(o.events()))
        .extracting(a -> a.failure().type())
        .containsExactly(
            IllegalStateException.class.getName(),
            IllegalStateException.class.getName(),
            UnknownUpdate.class.getName());
    assertThat(applied(o.events()).get(1).failure().message()).contains("must not wait");
    // replays agree, and the state the failed handlers left is the same
    d.step(add(d, 4, "u4", "a"), add(d, 5, "u5", "b"), add(d, 6, "u6", "c"));
    WorkflowReplayer.replay(d.history.events(), d.definition, d.codec);
  }

  @Test
  void validationReplaysTheRunAndRefusesWithoutWriting() {
    var d = cart();
    d.step();
    d.step(add(d, 1, "u1", "book"));
    List<HistoryEvent> events = d.history.events();
    var input = new StepInput("run-1", "default", d.now, List.of());

    d.executor.validateUpdate(d.definition, events, input, "add", d.encode("pen"));
    assertThatThrownBy(
            () -> d.executor.validateUpdate(d.definition, events, input, "add", d.encode(" ")))
        .isInstanceOf(UpdateRejected.class)
        .hasMessage("an item has a name");
    assertThatThrownBy(
            () ->
                d.executor.validateUpdate(
                    d.definition, events, input, "add", d.encode(java.util.Map.of("a", 1))))
        .isInstanceOf(UpdateRejected.class);
    assertThatThrownBy(
            () -> d.executor.validateUpdate(d.definition, events, input, "x", d.encode("pen")))
        .isInstanceOf(UnknownUpdate.class);
    assertThat(d.history.events()).isEqualTo(events);
  }
}
