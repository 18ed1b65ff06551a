package io.continuum.pg.engine;

import static io.continuum.pg.engine.FencingHistory.assertOneWriterPerSeq;
import static io.continuum.pg.engine.FencingHistory.count;
import static io.continuum.pg.engine.FencingHistory.eventually;
import static io.continuum.pg.engine.FencingHistory.history;
import static io.continuum.pg.engine.FencingHistory.last;
import static io.continuum.pg.engine.FencingHistory.payload;
import static io.continuum.pg.engine.FencingHistory.settled;
import static io.continuum.pg.engine.FencingHistory.single;
import static io.continuum.pg.engine.FencingHistory.timersOf;
import static io.continuum.pg.engine.FencingHistory.types;
import static io.continuum.pg.engine.PgNodes.WAIT;
import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.CancelledFailure;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.StartOptions;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.journal.TimerEntry;
import io.continuum.pg.engine.FencingWorkflows.AnswerThenDone;
import io.continuum.pg.engine.FencingWorkflows.Deadline;
import io.continuum.pg.engine.FencingWorkflows.Nap;
import io.continuum.pg.engine.Watched.Call;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Fencing of timer firings on Postgres: a timer whose run ended does not fire into it, and a signal
 * racing its own timeout resolves the await exactly once.
 *
 * <p>The stale node ("a") is a {@link Watched} node: outside {@link PgNodes}, so {@link
 * PgNodes#advance} moves database time under it without ticking it or syncing its clock (it is
 * frozen: with hour-long polls and half-hour leases, none of its timers runs during a test), and
 * its journal calls are recorded (and its commits can be held) so the test can see what it tried.
 */
class PgTimerFencingTest {

  // ---- 3. timers ----------------------------------------------------------------------------

  /**
   * A timer the wheel already holds in memory, whose run is cancelled before it comes due, does not
   * fire into the run: {@code fireTimers} and {@code fireTimer} answer that nothing fired (the
   * wheel's own call and a direct one) and the cancelled run's history and inbox stay as they were.
   */
  @Test
  void aTimerComingDueAfterItsRunWasCancelledDoesNotFireIntoIt() {
    try (var nodes = new PgNodes()) {
      try (var a = Watched.start(nodes, "a", true, o -> o, x -> x.workflow(Nap.class))) {
        join(a.engine.client().start(Nap.class, "z", StartOptions.withId("nap-1")));
        join(a.engine.idle()); // the wheel loaded the timer and set its alarm
        TimerEntry timer = single(timersOf(nodes, "nap-1"));

        join(a.engine.client().cancel("nap-1"));
        assertThat(timersOf(nodes, "nap-1")).isEmpty();
        List<HistoryEvent> cancelled = history(nodes, "nap-1");
        assertThat(last(cancelled).event()).isInstanceOf(Event.RunCancelled.class);

        // the alarm goes off (real time) for a timer that is gone
        Call fire = eventually("the wheel's alarm", () -> a.journal.first("fireTimers"));
        assertThat(fire.args().get(0)).isEqualTo(List.of(timer.timerId()));
        assertThat(join(fire.result())).isEqualTo(List.of());
        join(a.engine.idle());

        nodes.advance(Duration.ofMinutes(1));
        assertThat(join(nodes.journal().fireTimer(timer.timerId()))).isFalse();
        assertThat(history(nodes, "nap-1")).isEqualTo(cancelled);
        assertThat(join(nodes.journal().inbox("nap-1")).items()).isEmpty();
        assertThat(join(nodes.journal().run("nap-1")).state()).isEqualTo(RunState.CANCELLED);
        assertThatThrownBy(() -> join(a.engine.client().await("nap-1", String.class, WAIT)))
            .isInstanceOf(CancelledFailure.class);
      }
    }
  }

  /**
   * A signal and its timeout that are both in the inbox when the owner steps resolve the await
   * once: the signal wins, the timer fires once, the leftover firing is consumed without a second
   * resolution, and the run carries on to its end.
   */
  @Test
  void aSignalAndItsTimeoutArrivingTogetherResolveTheAwaitOnce() {
    try (var nodes = new PgNodes()) {
      var a = nodes.start("a", x -> x.workflow(AnswerThenDone.class));
      join(a.engine.client().start(AnswerThenDone.class, "", StartOptions.withId("race-1")));
      nodes.settle();
      a.stop(); // releases the lease: nobody steps the run while both arrive

      join(nodes.journal().signal("race-1", "answer", payload("\"42\"")));
      nodes.advance(Duration.ofMinutes(10));
      TimerEntry timeout = single(timersOf(nodes, "race-1"));
      assertThat(join(nodes.journal().fireTimer(timeout.timerId()))).isTrue();
      assertThat(join(nodes.journal().fireTimer(timeout.timerId()))).as("fires once").isFalse();
      assertThat(join(nodes.journal().inbox("race-1")).items())
          .extracting(i -> i.getClass().getSimpleName())
          .containsExactlyInAnyOrder("Signal", "TimerFired");

      var b = nodes.start("b", x -> x.workflow(AnswerThenDone.class));
      nodes.tick(); // b claims the run and steps it with both in its inbox
      nodes.tick(); // and consumes whatever the step left
      List<HistoryEvent> stepped = history(nodes, "race-1");
      assertThat(types(stepped))
          .containsExactly("run_started", "signal_awaited", "signal_received", "signal_awaited");
      assertThat(join(nodes.journal().inbox("race-1")).items()).isEmpty();
      assertThat(join(nodes.journal().fireTimer(timeout.timerId()))).isFalse();

      join(b.engine.client().signal("race-1", "done", "ok"));
      assertThat(join(b.engine.client().await("race-1", String.class, WAIT))).isEqualTo("42/ok");
      List<HistoryEvent> end = history(nodes, "race-1");
      assertOneWriterPerSeq(end);
      assertThat(types(end))
          .containsExactly(
              "run_started",
              "signal_awaited",
              "signal_received",
              "signal_awaited",
              "signal_received",
              "run_completed");
    }
  }

  /**
   * Signals sent while their timeouts come due on a live node race the timer wheel; each run
   * resolves its await exactly once (signal_received or signal_timed_out, never both), its result
   * agrees with the outcome, a rejected signal only ever meets a run that timed out, and a timer
   * whose run ended does not fire.
   */
  @Test
  void signalsRacingTheirTimeoutsOnALiveNodeResolveEachAwaitExactlyOnce() throws Exception {
    int runs = 8;
    try (var nodes = new PgNodes()) {
      var a = nodes.start("a", x -> x.workflow(Deadline.class));
      List<String> ids = IntStream.range(0, runs).mapToObj(i -> "deadline-" + i).toList();
      for (String id : ids) {
        join(a.engine.client().start(Deadline.class, "", StartOptions.withId(id)));
      }
      nodes.settle();
      Map<String, Long> timerOf = new HashMap<>();
      for (String id : ids) {
        timerOf.put(id, single(timersOf(nodes, id)).timerId());
      }

      // the timeouts come due (and the wheel fires them) while the signals arrive
      var advancing = CompletableFuture.runAsync(() -> nodes.advance(Duration.ofMinutes(10)));
      List<Future<Void>> signals = new ArrayList<>();
      for (String id : ids) {
        signals.add(a.engine.client().signal(id, "answer", "42"));
      }
      advancing.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      for (int i = 0; i < runs; i++) {
        String id = ids.get(i);
        String result = join(a.engine.client().await(id, String.class, WAIT));
        List<HistoryEvent> h = history(nodes, id);
        assertOneWriterPerSeq(h);
        List<String> types = types(h);
        assertThat(types).hasSize(4);
        assertThat(types.get(2)).isIn("signal_received", "signal_timed_out");
        assertThat(types)
            .containsExactly("run_started", "signal_awaited", types.get(2), "run_completed");
        assertThat(result).isEqualTo(types.get(2).equals("signal_received") ? "42" : "timed out");
        Throwable rejected = settled(signals.get(i));
        if (rejected != null) {
          assertThat(rejected).isInstanceOf(RunTerminal.class);
          assertThat(result)
              .as("a signal was rejected by a run that had not ended")
              .isEqualTo("timed out");
        }
        assertThat(join(nodes.journal().fireTimer(timerOf.get(id)))).isFalse();
        assertThat(count(nodes, "continuum_signals", id)).isZero();
        assertThat(count(nodes, "continuum_timers", id)).isZero();
      }
    }
  }
}
