package io.continuum.core.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityFailure;
import io.continuum.ActivityHandle;
import io.continuum.RunState;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StepExecutorTest {

  public static final class A implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return in;
    }
  }

  public static final class B implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return in;
    }
  }

  private static Driver driver(Workflow<String, Object> wf) {
    return new Driver(WorkflowDefinition.of("wf", String.class, Object.class, wf), "in");
  }

  private static String lastFailure(StepOutcome o) {
    return ((Event.RunFailed) o.terminal()).failure().toString();
  }

  @Test
  void nonBlockingValuesAreRecordedOnceAndReplayedIdentically() {
    AtomicInteger produced = new AtomicInteger();
    List<Object> seen = new ArrayList<>();
    var d =
        driver(
            (ctx, in) -> {
              seen.add(
                  List.of(
                      ctx.now(),
                      ctx.randomUUID(),
                      ctx.random(),
                      ctx.today(),
                      ctx.sideEffect("n", Integer.class, produced::incrementAndGet)));
              ctx.sleep(Duration.ofSeconds(1));
              return "done";
            });

    StepOutcome first = d.step();
    d.now = d.now.plusSeconds(60);
    StepOutcome second = d.step(d.timer(7));

    assertThat(first.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(second.state()).isEqualTo(RunState.COMPLETED);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).isEqualTo(seen.get(0));
    assertThat(produced).hasValue(1);
  }

  @Test
  void codeThatReturnsBeforeTheHistoryEndsHasDrifted() {
    AtomicReference<Boolean> shortCut = new AtomicReference<>(false);
    var d =
        driver(
            (ctx, in) -> {
              if (!shortCut.get()) {
                ctx.activity(A.class, in);
              }
              return "x";
            });
    d.step();
    shortCut.set(true);

    StepOutcome o = d.step(d.result(2, "a"));

    assertThat(o.state()).isEqualTo(RunState.DRIFTED);
    assertThat(o.events()).isEmpty();
    assertThat(o.drift().seq()).isEqualTo(2);
    assertThat(o.drift().actual()).isEqualTo("a return");
  }

  @Test
  void awaitAllThrowsTheFirstFailureInHandleOrderWhateverOrderTheyArrivedIn() {
    var d =
        driver(
            (ctx, in) -> {
              ActivityHandle<String> a = ctx.startActivity(A.class, "a");
              ActivityHandle<String> b = ctx.startActivity(B.class, "b");
              try {
                ctx.awaitAll(List.of(a, b));
                return "no";
              } catch (ActivityFailure f) {
                return f.activityType() + ":" + f.failure().message();
              }
            });
    d.step();
    assertThat(d.step(d.failure(3, "b broke")).state()).isEqualTo(RunState.SUSPENDED);

    StepOutcome o = d.step(d.failure(2, "a broke"));

    assertThat(((Event.RunCompleted) o.terminal()).result().jsonText()).isEqualTo("\"A:a broke\"");
  }

  @Test
  void aDuplicateActivityResultIsConsumedWithoutASecondEvent() {
    var d = driver((ctx, in) -> ctx.activity(A.class, in) + ctx.awaitSignal("more", String.class));
    d.step();
    d.step(d.result(2, "a"));
    var duplicate = d.result(2, "a-again");

    StepOutcome o = d.step(duplicate);

    assertThat(o.consumed()).containsExactly(duplicate);
    assertThat(o.events()).isEmpty();
  }

  @Test
  void aSignalAndItsTimeoutInOneStepResolveTheAwaitOnceAndConsumeBoth() {
    var d =
        driver(
            (ctx, in) ->
                ctx.awaitSignal("answer", String.class, Duration.ofMinutes(1)).orElse("late")
                    + ctx.awaitSignal("done", String.class));
    d.step();
    var answer = d.signal("answer", "42");
    var timeout = d.timer(2);

    StepOutcome o = d.step(timeout, answer);

    assertThat(o.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(o.events())
        .extracting(Event::typeName)
        .containsExactly("signal_received", "signal_awaited");
    assertThat(o.consumed()).containsExactlyInAnyOrder(answer, timeout);
  }

  @Test
  void aCancelRequestIsThrownAtTheWaitTheCodeIsAtBeforeAnySignalIsTaken() {
    AtomicInteger ran = new AtomicInteger();
    var d =
        driver(
            (ctx, in) -> {
              ran.incrementAndGet();
              return ctx.awaitSignal("never", String.class);
            });
    d.step();
    var cancel = new InboxItem.CancelRequested(9, "bye");
    var signal = d.signal("never", "x");

    StepOutcome o = d.step(cancel, signal);

    assertThat(o.state()).isEqualTo(RunState.CANCELLED);
    assertThat(o.events())
        .containsExactly(
            new Event.CancelDelivered(new CommandId(CommandKind.CANCEL, "cancel", 0), "bye"),
            new Event.RunCancelled("bye"));
    assertThat(o.consumed()).isEmpty();
    assertThat(ran).hasValue(2);
  }

  @Test
  void catchingTheDriftDoesNotHideIt() {
    AtomicReference<Class<?>> type = new AtomicReference<>(A.class);
    var d =
        driver(
            (ctx, in) -> {
              try {
                @SuppressWarnings("unchecked")
                Class<A> t = (Class<A>) type.get();
                ctx.activity(t, in);
              } catch (io.continuum.ReplayDriftError e) {
                return "swallowed";
              }
              return "ok";
            });
    d.step();
    type.set(B.class);

    assertThat(d.step(d.result(2, "a")).state()).isEqualTo(RunState.DRIFTED);
  }

  @Test
  void usingTheContextFromAnotherThreadFailsTheRun() {
    var d =
        driver(
            (ctx, in) -> {
              AtomicReference<RuntimeException> error = new AtomicReference<>();
              Thread t =
                  new Thread(
                      () -> {
                        try {
                          ctx.now();
                        } catch (RuntimeException e) {
                          error.set(e);
                        }
                      });
              t.start();
              try {
                t.join();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              throw error.get();
            });

    StepOutcome o = d.step();

    assertThat(o.state()).isEqualTo(RunState.FAILED);
    assertThat(lastFailure(o)).contains("another thread");
  }

  @Test
  void unboundedRecursionFailsTheRunInsteadOfRetryingForever() {
    var d = driver(StepExecutorTest::recurse);
    StepOutcome o = d.step();
    assertThat(o.state()).isEqualTo(RunState.FAILED);
    assertThat(lastFailure(o)).startsWith(StackOverflowError.class.getName());
  }

  private static Object recurse(WorkflowContext ctx, String in) {
    return recurse(ctx, in);
  }

  @Test
  void anInputThatDoesNotDecodeFailsTheRun() {
    var d =
        new Driver(
            WorkflowDefinition.of("wf", Integer.class, Object.class, (ctx, in) -> in),
            "not a number");
    StepOutcome o = d.step();
    assertThat(o.state()).isEqualTo(RunState.FAILED);
    assertThat(lastFailure(o)).contains("cannot decode");
  }
}
