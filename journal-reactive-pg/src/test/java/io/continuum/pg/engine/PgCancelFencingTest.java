package io.continuum.pg.engine;

import static io.continuum.pg.engine.FencingHistory.assertOneWriterPerSeq;
import static io.continuum.pg.engine.FencingHistory.count;
import static io.continuum.pg.engine.FencingHistory.history;
import static io.continuum.pg.engine.FencingHistory.single;
import static io.continuum.pg.engine.FencingHistory.timersOf;
import static io.continuum.pg.engine.FencingHistory.types;
import static io.continuum.pg.engine.PgNodes.WAIT;
import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.CancelledFailure;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.journal.RunRecord;
import io.continuum.journal.TimerEntry;
import io.continuum.pg.engine.FencingWorkflows.Busy;
import io.continuum.pg.engine.FencingWorkflows.Sleeper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cancel on Postgres when the caller is not the owner: a live owner elsewhere honours the request
 * on its next lease beat; a dead owner's run keeps the request, binding, until a node that has its
 * code claims it and tells the code.
 *
 * <p>The stale node ("a") is a {@link Watched} node: outside {@link PgNodes}, so {@link
 * PgNodes#advance} moves database time under it without ticking it or syncing its clock (it is
 * frozen: with hour-long polls and half-hour leases, none of its timers runs during a test), and
 * its journal calls are recorded (and its commits can be held) so the test can see what it tried.
 */
class PgCancelFencingTest {

  // ---- 4. cancel ----------------------------------------------------------------------------

  /**
   * A cancel requested through another node's client for a run leased by a live node is recorded
   * (cancel_requested_at) rather than applied behind the owner's back; the owner honours it on its
   * next lease beat, even without the notice: the run ends cancelled with one terminal event, its
   * lease and timer are gone, and the owner stops hosting it.
   */
  @Test
  void aCancelThroughAnotherNodeIsHonouredByTheLiveOwnerOnItsNextLeaseBeat() {
    try (var nodes = new PgNodes()) {
      var b = nodes.start("b", x -> x.workflow(Sleeper.class));
      // no LISTEN on a: only its lease beat can tell it about the request
      try (var a =
          Watched.start(
              nodes,
              "a",
              false,
              o -> o.withLeaseTtl(Duration.ofMinutes(30)),
              x -> x.workflow(Sleeper.class))) {
        join(a.engine.client().start(Sleeper.class, "zzz", StartOptions.withId("sleep-1")));
        join(a.engine.idle());
        join(a.engine.tick());
        assertThat(a.hostedRuns()).as("a hosts the run").isEqualTo(1);
        List<HistoryEvent> before = history(nodes, "sleep-1");

        join(b.engine.client().cancel("sleep-1"));
        nodes.settle();
        RunRecord requested = join(nodes.journal().run("sleep-1"));
        assertThat(requested.state()).isEqualTo(RunState.SUSPENDED);
        assertThat(requested.leaseOwner()).startsWith("a/");
        assertThat(history(nodes, "sleep-1")).isEqualTo(before);
        assertThat(join(nodes.journal().inbox("sleep-1")).items())
            .singleElement()
            .isInstanceOf(InboxItem.CancelRequested.class);

        join(a.engine.tick()); // the lease beat reports the run as waiting; a steps it
        join(a.engine.idle());

        RunRecord cancelled = join(nodes.journal().run("sleep-1"));
        assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
        assertThat(cancelled.leaseOwner()).isNull();
        assertThat(cancelled.leaseToken()).isZero();
        List<HistoryEvent> h = history(nodes, "sleep-1");
        assertOneWriterPerSeq(h);
        assertThat(h.subList(0, before.size())).isEqualTo(before);
        assertThat(h.stream().filter(e -> e.event() instanceof Event.Terminal))
            .singleElement()
            .satisfies(e -> assertThat(e.event()).isInstanceOf(Event.RunCancelled.class));
        // the code was told at its wait (and did not catch it), then the run ended
        assertThat(types(h.subList(before.size(), h.size())))
            .containsExactly("cancel_delivered", "run_cancelled");
        assertThat(timersOf(nodes, "sleep-1")).isEmpty();
        assertThat(join(nodes.journal().inbox("sleep-1")).items()).isEmpty();
        assertThatThrownBy(() -> join(a.engine.client().await("sleep-1", String.class, WAIT)))
            .isInstanceOf(CancelledFailure.class);
        assertThatThrownBy(() -> join(b.engine.client().await("sleep-1", String.class, WAIT)))
            .isInstanceOf(CancelledFailure.class);

        join(a.engine.tick());
        assertThat(a.hostedRuns()).as("a let the run go").isZero();

        join(b.engine.client().cancel("sleep-1")); // already cancelled: a no-op
        assertThat(history(nodes, "sleep-1")).isEqualTo(h);
      }
    }
  }

  /**
   * A cancel of a run whose owner died (its lease lapsed) is recorded, binding, for whoever owns
   * the run next: a node without its code leaves it alone; the node that has the code claims it,
   * tells the code (which may clean up), and ends it cancelled: the pending activity task, timer
   * and signal gone, the lease cleared.
   */
  @Test
  void aCancelOfARunWhoseOwnerDiedWaitsForANodeWithItsCodeAndEndsCancelledThere() throws Exception {
    try (var nodes = new PgNodes()) {
      var a = nodes.start("a", x -> x.workflow(Busy.class));
      join(a.engine.client().start(Busy.class, "b-1", StartOptions.withId("busy-1")));
      join(a.engine.client().signal("busy-1", "unrelated", "x"));
      nodes.settle();
      List<HistoryEvent> before = history(nodes, "busy-1");
      assertThat(types(before))
          .containsExactly("run_started", "activity_scheduled", "signal_awaited");
      TimerEntry timer = single(timersOf(nodes, "busy-1"));
      assertThat(count(nodes, "continuum_activity_tasks", "busy-1")).isEqualTo(1);
      assertThat(count(nodes, "continuum_signals", "busy-1")).isEqualTo(1);

      a.kill(); // its lease stays behind
      // b cannot run Busy, so it never claims the run: only its client is involved
      var b = nodes.start("b", x -> x.workflow(Sleeper.class));
      nodes.advance(Duration.ofSeconds(31));
      RunRecord orphaned = join(nodes.journal().run("busy-1"));
      assertThat(orphaned.leaseOwner()).startsWith("a/");
      assertThat(orphaned.leasedAt(nodes.journal().clock().instant())).isFalse();

      join(b.engine.client().cancel("busy-1"));
      b.tick();
      nodes.settle();
      RunRecord requested = join(nodes.journal().run("busy-1"));
      assertThat(requested.state()).isEqualTo(RunState.SUSPENDED);
      assertThat(join(nodes.journal().inbox("busy-1")).items())
          .anyMatch(i -> i instanceof InboxItem.CancelRequested);
      assertThat(history(nodes, "busy-1")).isEqualTo(before);

      var c = nodes.start("c", x -> x.workflow(Busy.class));
      c.tick();
      nodes.settle();

      RunRecord cancelled = join(nodes.journal().run("busy-1"));
      assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
      assertThat(cancelled.leaseOwner()).isNull();
      assertThat(cancelled.leaseToken()).isZero();
      assertThat(cancelled.leaseExpiresAt()).isNull();
      List<HistoryEvent> h = history(nodes, "busy-1");
      assertOneWriterPerSeq(h);
      assertThat(h.subList(0, before.size())).isEqualTo(before);
      assertThat(types(h.subList(before.size(), h.size())))
          .containsExactly("cancel_delivered", "run_cancelled");
      assertThat(count(nodes, "continuum_activity_tasks", "busy-1")).isZero();
      assertThat(count(nodes, "continuum_timers", "busy-1")).isZero();
      assertThat(count(nodes, "continuum_signals", "busy-1")).isZero();
      assertThat(join(nodes.journal().inbox("busy-1")).items()).isEmpty();
      assertThatThrownBy(() -> join(b.engine.client().await("busy-1", String.class, WAIT)))
          .isInstanceOf(CancelledFailure.class);

      // nothing comes back to life: the timer cannot fire, time passing changes nothing
      nodes.advance(Duration.ofHours(2));
      assertThat(join(nodes.journal().fireTimer(timer.timerId()))).isFalse();
      assertThat(history(nodes, "busy-1")).isEqualTo(h);
      assertThat(join(nodes.journal().run("busy-1")).state()).isEqualTo(RunState.CANCELLED);
    }
  }
}
