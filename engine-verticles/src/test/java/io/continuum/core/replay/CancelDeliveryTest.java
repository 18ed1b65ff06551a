package io.continuum.core.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.CancelledFailure;
import io.continuum.RunState;
import io.continuum.Workflow;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import io.continuum.testing.WorkflowReplayer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A cancel reaches the code as a {@link CancelledFailure} at its wait; the code may clean up. */
class CancelDeliveryTest {

  public static final class Charge implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return in;
    }
  }

  public static final class Refund implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return in;
    }
  }

  private static final Event.CancelDelivered DELIVERED =
      new Event.CancelDelivered(new CommandId(CommandKind.CANCEL, "cancel", 0), "bye");

  // charges, waits for approval; a cancel refunds, then lets the run end
  private static Driver refunding(AtomicReference<String> caught) {
    Workflow<String, Object> wf =
        (ctx, in) -> {
          String charge = ctx.activity(Charge.class, in);
          try {
            return ctx.awaitSignal("approval", String.class);
          } catch (CancelledFailure cancelled) {
            caught.set(cancelled.reason());
            ctx.activity(Refund.class, charge);
            return "refunded";
          }
        };
    return new Driver(WorkflowDefinition.of("wf", String.class, Object.class, wf), "order");
  }

  @Test
  void theCodeCatchesTheCancelRunsItsCleanupAndTheRunEndsCancelledNotCompleted() {
    var caught = new AtomicReference<String>();
    var d = refunding(caught);
    d.step(); // charge scheduled at 2
    d.step(d.result(2, "ch_1")); // 3 completed, 4 awaits approval
    var cancel = new InboxItem.CancelRequested(7, "bye");

    StepOutcome cleanup = d.step(cancel);

    assertThat(caught).hasValue("bye");
    assertThat(cleanup.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(cleanup.events()).hasSize(2);
    assertThat(cleanup.events().get(0)).isEqualTo(DELIVERED);
    assertThat(cleanup.events().get(1)).isInstanceOf(Event.ActivityScheduled.class);
    assertThat(cleanup.consumed()).isEmpty(); // the request stays binding until the end
    assertThat(cleanup.timers())
        .containsExactly(new TimerRequest(5, d.now.plus(Duration.ofMinutes(5))));

    // the request is still in the inbox: the replay meets the journaled delivery, no second one
    StepOutcome end = d.step(cancel, d.result(6, "ch_1"));

    assertThat(d.history.events().stream().filter(e -> e.event() instanceof Event.CancelDelivered))
        .hasSize(1);
    assertThat(end.state()).isEqualTo(RunState.CANCELLED);
    assertThat(end.events().get(end.events().size() - 1)).isEqualTo(new Event.RunCancelled("bye"));
    assertThat(end.events()).hasSize(2); // the refund's result, the end
    WorkflowReplayer.replay(d.history.events(), d.definition, d.codec);
  }

  @Test
  void aCancelArrivingWithTheResultTheCodeAwaitsIsThrownThereAndReplaysTheSame() {
    var caught = new AtomicReference<String>();
    var d = refunding(caught);
    d.step();

    StepOutcome o = d.step(d.result(2, "ch_1"), new InboxItem.CancelRequested(7, "bye"));

    // the result is journaled, but the code learns of the cancel at the charge's await, outside
    // its try: nothing catches it and nothing was charged as far as the code knows
    assertThat(o.events().get(0)).isInstanceOf(Event.ActivityCompleted.class);
    assertThat(o.events().get(1)).isEqualTo(DELIVERED);
    assertThat(o.events().get(2)).isEqualTo(new Event.RunCancelled("bye"));
    assertThat(caught).hasValue(null);
    assertThat(o.state()).isEqualTo(RunState.CANCELLED);
    WorkflowReplayer.replay(d.history.events(), d.definition, d.codec);
  }

  @Test
  void cleanupPastTheGracePeriodEndsTheRunCancelledWhereverTheCodeIs() {
    var d = refunding(new AtomicReference<>());
    d.step();
    d.step(d.result(2, "ch_1"));
    var cancel = new InboxItem.CancelRequested(7, "bye");
    d.step(cancel); // delivered at 5, refund scheduled at 6

    StepOutcome o = d.step(cancel, d.timer(5));

    assertThat(o.state()).isEqualTo(RunState.CANCELLED);
    assertThat(((Event.RunCancelled) o.events().get(0)).reason())
        .isEqualTo("bye (its cleanup ran past the cancel grace period)");
    WorkflowReplayer.replay(d.history.events(), d.definition, d.codec);
  }

  @Test
  void codeThatDoesNotCatchEndsCancelledAtItsWait() {
    var d =
        new Driver(
            WorkflowDefinition.of(
                "wf", String.class, Object.class, (ctx, in) -> ctx.awaitSignal("x", String.class)),
            "in");
    d.step();

    StepOutcome o = d.step(new InboxItem.CancelRequested(3, "stop"));

    assertThat(o.state()).isEqualTo(RunState.CANCELLED);
    assertThat(o.events()).endsWith(new Event.RunCancelled("stop"));
    assertThat(o.activities()).isEmpty();
  }

  @Test
  void codeThatDriftsWhileBeingCancelledStillEndsCancelled() {
    var d =
        new Driver(
            WorkflowDefinition.of(
                "wf", String.class, Object.class, (ctx, in) -> ctx.awaitSignal("x", String.class)),
            "in");
    d.step();
    var drifting =
        new Driver(
            WorkflowDefinition.of(
                "wf", String.class, Object.class, (ctx, in) -> ctx.activity(Charge.class, in)),
            "in");
    History history = d.history;
    StepOutcome o =
        drifting.executor.step(
            drifting.definition,
            history,
            new StepInput(
                "run-1", "default", d.now, List.of(new InboxItem.CancelRequested(3, "stop"))));

    assertThat(o.state()).isEqualTo(RunState.CANCELLED);
    assertThat(o.events()).containsExactly(new Event.RunCancelled("stop"));
  }
}
