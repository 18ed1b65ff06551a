package io.continuum.runtime;

import static io.continuum.runtime.Nodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.journal.Journal;
import io.continuum.journal.TimerEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The timer wheel at scale: a burst of timers due at one instant fires in batches (a statement per
 * thousand, not one per timer), and timers the journal finds not yet due are retried soon, never
 * fired early.
 */
class TimerBurstTest {
  private static final String NAPPER = "burst.napper";

  /** Sleeps five minutes, then answers its input. */
  @WorkflowType(NAPPER)
  public static final class Napper implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.sleep(Duration.ofMinutes(5));
      return in;
    }
  }

  @Test
  void aBurstOfTwoThousandTimersDueAtOneInstantFiresInBatchesAndEveryRunCompletes() {
    int runs = 2_000;
    var meters = new SimpleMeterRegistry();
    try (var nodes = new Nodes()) {
      var a = nodes.start("a", b -> b.workflow(Napper.class).meterRegistry(meters));
      var client = a.engine().client();
      List<Future<?>> starts = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        starts.add(client.start(Napper.class, "r" + i, StartOptions.withId("nap-" + i)));
      }
      join(Future.all(starts));
      nodes.settle();
      Instant due = nodes.clock.instant().plus(Duration.ofMinutes(5));
      List<TimerEntry> pending = join(nodes.journal().timersDue(due, runs + 1));
      assertThat(pending).hasSize(runs).allSatisfy(t -> assertThat(t.fireAt()).isEqualTo(due));

      nodes.advance(Duration.ofMinutes(5));

      for (int i = 0; i < runs; i++) {
        assertThat(join(client.await("nap-" + i, String.class, Duration.ofSeconds(30))))
            .isEqualTo("r" + i);
      }
      assertThat(join(nodes.journal().timersDue(due.plusSeconds(3600), 10))).isEmpty();
      var batches = journalCalls(meters, "fire_timers");
      assertThat(batches).as("statements for %d timers", runs).isBetween(2L, 4L);
      assertThat(journalCalls(meters, "fire_timer")).isZero();
      var lag = meters.get("continuum.timers.lag").tag("node", "a").timer();
      assertThat(lag.count()).isEqualTo(runs);
      assertThat(lag.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isZero();
    }
  }

  /**
   * The engine's estimate of the journal clock runs a second ahead of the journal's: the wheel
   * tries the timer "on time", the journal refuses (not yet due), and once the journal's clock
   * reaches the due time the timer fires within the wait below, far sooner than the next refresh
   * (30 s), without any tick.
   */
  @Test
  void aTimerTheJournalFindsNotYetDueIsRetriedSoonNotAtTheNextRefresh() {
    try (var nodes = new Nodes()) {
      Journal ahead = clockAhead(nodes.journal(), nodes.clock, Duration.ofSeconds(1));
      var a = nodes.start("a", b -> b.journal(ahead).workflow(Napper.class));
      var client = a.engine().client();
      join(client.start(Napper.class, "x", StartOptions.withId("nap-early")));
      nodes.settle();
      TimerEntry timer = join(nodes.journal().timersDue(Instant.MAX, 10)).get(0);

      nodes.clock.set(timer.fireAt().minusMillis(500)); // due by the engine's clock only
      nodes.tick();
      assertThat(join(nodes.journal().run("nap-early")).state()).isEqualTo(RunState.SUSPENDED);
      assertThat(join(nodes.journal().inbox("nap-early")).items()).isEmpty();

      nodes.clock.set(timer.fireAt()); // no tick: only the wheel's own retry can fire it
      assertThat(join(client.await("nap-early", String.class, Duration.ofSeconds(10))))
          .isEqualTo("x");
    }
  }

  private static long journalCalls(SimpleMeterRegistry meters, String op) {
    var timer =
        meters
            .find("continuum.journal.latency")
            .tags("node", "a", "op", op, "outcome", "success")
            .timer();
    return timer == null ? 0 : timer.count();
  }

  /** The shared journal, with a clock {@code by} ahead of the journal's own. */
  private static Journal clockAhead(Journal shared, Clock clock, Duration by) {
    Clock ahead =
        new Clock() {
          @Override
          public Instant instant() {
            return clock.instant().plus(by);
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            throw new IllegalArgumentException("UTC only");
          }
        };
    return (Journal)
        Proxy.newProxyInstance(
            Journal.class.getClassLoader(),
            new Class<?>[] {Journal.class},
            (proxy, method, args) -> {
              if (method.getName().equals("clock")) {
                return ahead;
              }
              try {
                return method.invoke(shared, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
