package io.continuum.core.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityHandle;
import io.continuum.Awaitable;
import io.continuum.RunState;
import io.continuum.SignalHandle;
import io.continuum.TimerHandle;
import io.continuum.Workflow;
import io.continuum.core.event.Event;
import io.continuum.testing.WorkflowReplayer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code awaitAny} and {@code await(condition)}: the first to complete wins, replays agree. */
class SelectiveWaitTest {

  public static final class Quote implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return in;
    }
  }

  private static Driver driver(Workflow<String, Object> wf) {
    return new Driver(WorkflowDefinition.of("wf", String.class, Object.class, wf), "in");
  }

  // races a quote against a deadline and a stop signal; says who won, then awaits the quote
  private static Driver race() {
    return driver(
        (ctx, in) -> {
          ActivityHandle<String> quote = ctx.startActivity(Quote.class, in);
          TimerHandle deadline = ctx.startTimer(Duration.ofMinutes(5));
          SignalHandle<String> stop = ctx.signal("stop", String.class);
          Awaitable<?> first = ctx.awaitAny(quote, deadline, stop);
          String won = first == quote ? "quote" : first == deadline ? "deadline" : "stop";
          if (first == stop) {
            return won + ":" + ctx.await(stop);
          }
          return won + ":" + ctx.await(quote);
        });
  }

  private static Object result(Driver d, StepOutcome o) {
    assertThat(o.state()).isEqualTo(RunState.COMPLETED);
    return ((Event.RunCompleted) o.terminal()).result().decode(d.codec, Object.class);
  }

  @Test
  void nothingCompleteSuspendsAndTheFirstToCompleteWinsWhileTheOthersStayAwaitable() {
    var d = race();
    StepOutcome started = d.step(); // quote at 2, timer at 3, signal handle at 4
    assertThat(started.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(started.activities()).hasSize(1);
    assertThat(started.timers()).containsExactly(new TimerRequest(3, d.now.plusSeconds(300)));

    StepOutcome deadline = d.step(d.timer(3));
    assertThat(deadline.state()).isEqualTo(RunState.SUSPENDED); // the deadline won; quote awaited

    StepOutcome done = d.step(d.result(2, "42"));
    assertThat(result(d, done)).isEqualTo("deadline:42");
    WorkflowReplayer.replay(d.history.events(), d.definition, d.codec);
  }

  @Test
  void whenSeveralCompleteInOneStepTheOneJournaledFirstWinsAndASignalIsLeftInTheMailbox() {
    var d = race();
    d.step();
    var stop = d.signal("stop", "now");

    StepOutcome o = d.step(d.result(2, "42"), stop);

    assertThat(result(d, o)).isEqualTo("quote:42");
    assertThat(o.consumed()).doesNotContain(stop);
    WorkflowReplayer.replay(d.history.events(), d.definition, d.codec);
  }

  @Test
  void aSignalInTheMailboxCompletesItsHandle() {
    var d = race();
    d.step();
    var stop = d.signal("stop", "enough");

    StepOutcome o = d.step(stop);

    assertThat(result(d, o)).isEqualTo("stop:enough");
    assertThat(o.consumed()).contains(stop);
    assertThat(o.events())
        .anyMatch(e -> e instanceof Event.SignalReceived r && r.commandSeq() == 4);
    WorkflowReplayer.replay(d.history.events(), d.definition, d.codec);
  }

  @Test
  void aConditionThatHoldsReturnsAtOnceAndOneThatDoesNotTimesOut() {
    List<Boolean> seen = new ArrayList<>();
    var d =
        driver(
            (ctx, in) -> {
              seen.add(ctx.await(() -> true, Duration.ofSeconds(1)));
              seen.add(ctx.await(() -> false, Duration.ofSeconds(10)));
              return "done";
            });
    StepOutcome first = d.step();
    assertThat(first.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(first.events())
        .extracting(Event::typeName)
        .containsExactly("condition_awaited", "condition_met", "condition_awaited");
    assertThat(first.timers()).hasSize(1); // the condition that held needed none

    seen.clear();
    StepOutcome o = d.step(d.timer(4));

    assertThat(result(d, o)).isEqualTo("done");
    assertThat(seen).containsExactly(true, false);
    WorkflowReplayer.replay(d.history.events(), d.definition, d.codec);
  }

  @Test
  void aConditionThatCallsTheContextFailsTheRun() {
    var d =
        driver(
            (ctx, in) -> {
              ctx.await(() -> ctx.random() > 2);
              return "never";
            });
    StepOutcome o = d.step();
    assertThat(o.state()).isEqualTo(RunState.FAILED);
    assertThat(((Event.RunFailed) o.terminal()).failure().message())
        .contains("a wait condition called the workflow context");
  }
}
