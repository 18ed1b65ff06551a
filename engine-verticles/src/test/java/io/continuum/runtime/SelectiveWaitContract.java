package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityHandle;
import io.continuum.Awaitable;
import io.continuum.SignalHandle;
import io.continuum.StartOptions;
import io.continuum.TimerHandle;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 4: {@code awaitAny} over an activity, a timer and a signal on a real engine — the
 * deadline wins over a slow activity that is still awaited afterwards, a signal wins over the
 * deadline, and a run whose owner died resumes its race on the node that takes it over. Runs on
 * both journals.
 */
public abstract class SelectiveWaitContract {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration LEASE = Duration.ofSeconds(30);

  /** Holds quotes while set. */
  static volatile CountDownLatch quoteGate;

  protected abstract EngineNodes newNodes();

  public static final class SlowQuote implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) throws Exception {
      CountDownLatch gate = quoteGate;
      if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the gate stayed shut");
      }
      return "quote-" + in;
    }
  }

  @WorkflowType("sw.race")
  public static final class Race implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ActivityHandle<String> quote = ctx.startActivity(SlowQuote.class, in);
      TimerHandle deadline = ctx.startTimer(Duration.ofMinutes(1));
      SignalHandle<String> stop = ctx.signal("stop", String.class);
      Awaitable<?> first = ctx.awaitAny(quote, deadline, stop);
      if (first == stop) {
        return "stopped by " + ctx.await(stop);
      }
      return (first == deadline ? "late " : "on time ") + ctx.await(quote);
    }
  }

  private EngineNodes nodes;

  @BeforeEach
  void open() {
    quoteGate = null;
    nodes = newNodes();
  }

  @AfterEach
  void close() {
    CountDownLatch gate = quoteGate;
    if (gate != null) {
      gate.countDown();
    }
    nodes.close();
  }

  private EngineNodes.Node node(String id) {
    return nodes.start(
        id, o -> o.withLeaseTtl(LEASE), b -> b.workflow(Race.class).activity(new SlowQuote()));
  }

  private static <T> T join(Future<T> f) {
    return EngineNodes.join(f, WAIT);
  }

  /** Waits (bounded) until the run's history holds an event of {@code type}. */
  private void untilHistoryHas(String runId, String type) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (join(nodes.journal().history(runId, 0)).stream()
        .noneMatch(e -> e.event().typeName().equals(type))) {
      assertThat(System.nanoTime()).as("history of " + runId + " has " + type).isLessThan(deadline);
      LockSupport.parkNanos(2_000_000);
    }
  }

  @Test
  void anActivityThatCompletesFirstWins() {
    var a = node("a");
    join(a.engine().client().start(Race.class, "x", StartOptions.withId("r-0")));
    nodes.settle();
    assertThat(join(a.engine().client().await("r-0", String.class, WAIT)))
        .isEqualTo("on time quote-x");
  }

  @Test
  void theDeadlineWinsOverASlowActivityWhichIsStillAwaitedAfterwards() {
    quoteGate = new CountDownLatch(1);
    var a = node("a");
    join(a.engine().client().start(Race.class, "x", StartOptions.withId("r-1")));
    untilHistoryHas("r-1", "signal_awaited"); // the race is on; the quote hangs
    nodes.advanceClock(Duration.ofMinutes(2));
    a.tick();
    untilHistoryHas("r-1", "timer_fired");
    quoteGate.countDown();
    assertThat(join(a.engine().client().await("r-1", String.class, WAIT)))
        .isEqualTo("late quote-x");
  }

  @Test
  void aSignalWinsAndTheRaceSurvivesItsOwnersDeath() {
    quoteGate = new CountDownLatch(1);
    var a = node("a");
    join(a.engine().client().start(Race.class, "y", StartOptions.withId("r-2")));
    untilHistoryHas("r-2", "signal_awaited");
    a.kill();
    var b = node("b");
    join(b.engine().client().signal("r-2", "stop", "ops"));
    nodes.advanceClock(LEASE.plusSeconds(5));
    b.tick();
    assertThat(join(b.engine().client().await("r-2", String.class, WAIT)))
        .isEqualTo("stopped by ops");
  }
}
