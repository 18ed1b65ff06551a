package io.continuum.pg.engine;

import static io.continuum.pg.engine.FencingHistory.assertOneWriterPerSeq;
import static io.continuum.pg.engine.FencingHistory.eventually;
import static io.continuum.pg.engine.FencingHistory.failureOf;
import static io.continuum.pg.engine.FencingHistory.history;
import static io.continuum.pg.engine.FencingHistory.types;
import static io.continuum.pg.engine.FencingHistory.writerOf;
import static io.continuum.pg.engine.PgNodes.WAIT;
import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.journal.FencedException;
import io.continuum.journal.RunRecord;
import io.continuum.journal.StepCommit;
import io.continuum.pg.engine.FencingWorkflows.Pay;
import io.continuum.pg.engine.FencingWorkflows.Relay;
import io.continuum.pg.engine.FencingWorkflows.Slow;
import io.continuum.pg.engine.FencingWorkflows.Stamp;
import io.continuum.pg.engine.FencingWorkflows.Stamped;
import io.continuum.pg.engine.Watched.Call;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fencing of step commits and activity completions on Postgres: a node that lost its authority (its
 * run lease, its task lease, its run to a terminal state) but is still alive writes something late.
 * The write is rejected by the token CAS, the stale node lets go without an error escaping, and the
 * run's history keeps one writer per seq and one terminal event.
 *
 * <p>The stale node ("a") is a {@link Watched} node: outside {@link PgNodes}, so {@link
 * PgNodes#advance} moves database time under it without ticking it or syncing its clock (it is
 * frozen: with hour-long polls and half-hour leases, none of its timers runs during a test), and
 * its journal calls are recorded (and its commits can be held) so the test can see what it tried.
 */
class PgStepFencingTest {

  @BeforeEach
  void reset() {
    Slow.reset();
  }

  // ---- 1. step commit -----------------------------------------------------------------------

  /**
   * A step commit sent by a node whose run lease was taken over meanwhile is fenced (lease_lost)
   * and writes nothing; the node lets the run go without an error and keeps running other runs,
   * while the new owner's history (one writer per seq) carries the run to its end.
   */
  @Test
  void aStaleHostsStepCommitIsFencedAndTheNewOwnerFinishesTheRun() {
    try (var nodes = new PgNodes()) {
      var b = nodes.start("b", x -> x.workflow(Relay.class, () -> new Relay("b")));
      try (var a =
          Watched.start(
              nodes,
              "a",
              true,
              o -> o.withLeaseTtl(Duration.ofMinutes(30)),
              x -> x.workflow(Relay.class, () -> new Relay("a")))) {
        join(a.engine.client().start(Relay.class, "in", StartOptions.withId("relay-1")));
        join(a.engine.idle());
        assertThat(join(nodes.journal().run("relay-1")).leaseOwner()).startsWith("a/");

        // a takes the step for "first" (its lease is still good when it reads its inbox), but its
        // commit is held back: a freezes mid-step
        var held = a.journal.holdNextCommit("relay-1");
        join(a.engine.client().signal("relay-1", "first", "one"));
        held.awaitReached();

        // a's lease lapses in database time; b claims the run and takes the same step itself
        nodes.advance(Duration.ofMinutes(31));
        RunRecord claimed = join(nodes.journal().run("relay-1"));
        assertThat(claimed.leaseOwner()).startsWith("b/");
        assertThat(types(history(nodes, "relay-1")))
            .containsExactly(
                "run_started",
                "signal_awaited",
                "signal_received",
                "value_recorded",
                "signal_awaited");
        join(a.engine.tick());
        assertThat(a.hostedRuns()).as("a still hosts the run").isEqualTo(1);

        // a thaws: its commit goes out under its old token
        held.release();
        assertThat(held.failure())
            .isInstanceOfSatisfying(
                FencedException.class,
                f -> assertThat(f.reason()).isEqualTo(FencedException.Reason.LEASE_LOST));
        join(a.engine.idle());
        join(a.pg.syncClock());

        List<HistoryEvent> afterFence = history(nodes, "relay-1");
        assertOneWriterPerSeq(afterFence);
        assertThat(afterFence).hasSize(5);
        assertThat(writerOf(afterFence)).as("who recorded the side effect").isEqualTo("\"b\"");
        RunRecord stillB = join(nodes.journal().run("relay-1"));
        assertThat(stillB.leaseToken()).isEqualTo(claimed.leaseToken());
        assertThat(stillB.lastSeq()).isEqualTo(5);

        join(a.engine.tick());
        assertThat(a.hostedRuns()).as("a let the run go").isZero();

        // the run finishes on b
        join(b.engine.client().signal("relay-1", "second", "two"));
        assertThat(join(b.engine.client().await("relay-1", String.class, WAIT)))
            .isEqualTo("one/two by b");
        List<HistoryEvent> end = history(nodes, "relay-1");
        assertOneWriterPerSeq(end);
        assertThat(types(end))
            .containsExactly(
                "run_started",
                "signal_awaited",
                "signal_received",
                "value_recorded",
                "signal_awaited",
                "signal_received",
                "run_completed");
        assertThat(end.subList(0, 5)).isEqualTo(afterFence);
        assertThat(join(nodes.journal().run("relay-1")).state()).isEqualTo(RunState.COMPLETED);

        // a keeps working
        join(a.engine.client().start(Relay.class, "in", StartOptions.withId("relay-2")));
        join(a.engine.client().signal("relay-2", "first", "x"));
        join(a.engine.client().signal("relay-2", "second", "y"));
        assertThat(join(a.engine.client().await("relay-2", String.class, WAIT)))
            .isEqualTo("x/y by a");
      }
    }
  }

  // ---- 2. activity completion ---------------------------------------------------------------

  /**
   * A node frozen mid-activity loses both the task lease and the run lease; another node re-runs
   * the attempt and finishes the run. When the frozen attempt returns, its result (handed to its
   * stale host) is fenced at commit (run_terminal) and dropped; the history has one
   * activity_completed, and the node's only worker slot is free for another workflow's activity.
   */
  @Test
  void aStaleAttemptsResultHandedToItsStaleHostIsFencedAndDropped() throws Exception {
    Slow.hangFirst = true;
    try (var nodes = new PgNodes()) {
      var b = nodes.start("b", x -> x.workflow(Pay.class).activity(new Slow("b")));
      // no LISTEN on a: nothing another node does reaches it, as when its connection is lost
      try (var a =
          Watched.start(
              nodes,
              "a",
              false,
              o ->
                  o.withLeaseTtl(Duration.ofMinutes(30))
                      .withTaskLeaseTtl(Duration.ofMinutes(30))
                      .withMaxConcurrentActivities(1),
              x ->
                  x.workflow(Pay.class)
                      .workflow(Stamped.class)
                      .activity(new Slow("a"))
                      .activity(new Stamp("a")))) {
        join(a.engine.client().start(Pay.class, "o-1", StartOptions.withId("pay-1")));
        assertThat(Slow.firstStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // both of a's leases lapse; b requeues the task, runs it again, claims the run, ends it
        nodes.advance(Duration.ofMinutes(31));
        assertThat(join(b.engine.client().await("pay-1", String.class, WAIT))).isEqualTo("b#2");
        List<HistoryEvent> done = history(nodes, "pay-1");
        assertThat(types(done))
            .containsExactly(
                "run_started", "activity_scheduled", "activity_completed", "run_completed");

        // a's attempt returns now, to a host that still thinks it has the run
        Slow.release.countDown();
        Call commit = eventually("a's commit of the late result", () -> a.journal.first("commit"));
        assertThat(((StepCommit) commit.args().get(0)).runId()).isEqualTo("pay-1");
        assertThat(failureOf(commit.result()))
            .isInstanceOfSatisfying(
                FencedException.class,
                f -> assertThat(f.reason()).isEqualTo(FencedException.Reason.RUN_TERMINAL));
        join(a.engine.idle());
        join(a.pg.syncClock());

        List<HistoryEvent> after = history(nodes, "pay-1");
        assertThat(after).isEqualTo(done);
        assertOneWriterPerSeq(after);
        assertThat(after.stream().filter(e -> e.event() instanceof Event.ActivityCompleted))
            .singleElement()
            .satisfies(
                e -> {
                  var c = (Event.ActivityCompleted) e.event();
                  assertThat(c.result().jsonText()).isEqualTo("\"b#2\"");
                  assertThat(c.attempts()).isEqualTo(2);
                });
        assertThat(Slow.EXECUTIONS).containsExactly("a#1 pay-1/2", "b#2 pay-1/2");
        assertThat(join(nodes.journal().run("pay-1")).state()).isEqualTo(RunState.COMPLETED);

        // a's single worker slot came back: it runs another workflow's activity
        join(a.engine.client().start(Stamped.class, "s-1", StartOptions.withId("stamp-1")));
        assertThat(join(a.engine.client().await("stamp-1", String.class, WAIT)))
            .isEqualTo("s-1 stamped by a");
        assertThat(join(b.engine.client().await("pay-1", String.class, WAIT))).isEqualTo("b#2");
      }
    }
  }

  /**
   * A node keeps its run but loses an activity's task lease while the attempt runs; another worker
   * runs the attempt again and its completion is committed first. The stale attempt's result,
   * handed straight to the run's (legitimate) host, must not replace that committed completion: the
   * run records the new lease holder's result, once (as the in-memory journal does, and as the
   * journal SPI says: a locally handed-over result is consumed only for a task still leased).
   */
  @Test
  void aStaleAttemptsLocalResultDoesNotReplaceACompletionAlreadyCommittedForItsTask()
      throws Exception {
    Slow.hangFirst = true;
    try (var nodes = new PgNodes()) {
      // b runs activities only: it can never take the run away from a
      nodes.start("b", x -> x.activity(new Slow("b")));
      // no LISTEN on a: the notice of b's completion does not reach it before its own result does
      try (var a =
          Watched.start(
              nodes,
              "a",
              false,
              o ->
                  o.withLeaseTtl(Duration.ofMinutes(30))
                      .withTaskLeaseTtl(Duration.ofMinutes(30))
                      .withMaxConcurrentActivities(1),
              x -> x.workflow(Pay.class).activity(new Slow("a")))) {
        join(a.engine.client().start(Pay.class, "o-1", StartOptions.withId("pay-1")));
        assertThat(Slow.firstStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // a's task lease lapses: b's sweep requeues the task, b runs it again and completes it
        nodes.advance(Duration.ofMinutes(31));
        assertThat(Slow.EXECUTIONS).containsExactly("a#1 pay-1/2", "b#2 pay-1/2");
        assertThat(join(nodes.journal().inbox("pay-1")).items())
            .singleElement()
            .satisfies(
                i ->
                    assertThat(((InboxItem.ActivityResult) i).result().jsonText())
                        .isEqualTo("\"b#2\""));
        assertThat(join(nodes.journal().run("pay-1")).leaseOwner()).startsWith("a/");

        // a's stale attempt returns and hands its result to a's host
        Slow.release.countDown();
        String result = join(a.engine.client().await("pay-1", String.class, WAIT));
        join(a.engine.idle());

        List<HistoryEvent> h = history(nodes, "pay-1");
        assertOneWriterPerSeq(h);
        assertThat(types(h))
            .containsExactly(
                "run_started", "activity_scheduled", "activity_completed", "run_completed");
        var completed = (Event.ActivityCompleted) h.get(2).event();
        assertThat(completed.result().jsonText())
            .as("the committed completion (b's) is the one the run records")
            .isEqualTo("\"b#2\"");
        assertThat(completed.attempts()).isEqualTo(2);
        assertThat(result).isEqualTo("b#2");
      }
    }
  }

  /**
   * A worker whose task lease expired while its attempt ran (the task was requeued and completed by
   * another worker, and the run ended) has its completion fenced by the task lease token and
   * dropped: the run keeps exactly one activity_completed, the worker does not crash, and its only
   * slot runs another workflow's activity afterwards.
   */
  @Test
  void aCompletionFromAWorkerWhoseTaskLeaseWasTakenOverIsFencedAndDropped() throws Exception {
    Slow.hangFirst = true;
    try (var nodes = new PgNodes()) {
      // w hosts the runs and runs no activities; a and b only run activities
      var w = nodes.start("w", x -> x.workflow(Pay.class).workflow(Stamped.class));
      try (var a =
          Watched.start(
              nodes,
              "a",
              true,
              o -> o.withTaskLeaseTtl(Duration.ofMinutes(30)).withMaxConcurrentActivities(1),
              x -> x.activity(new Slow("a")).activity(new Stamp("a")))) {
        join(w.engine.client().start(Pay.class, "o-1", StartOptions.withId("pay-1")));
        join(a.engine.tick()); // a claims the task (the NOTIFY may have told it already)
        assertThat(Slow.firstStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // b joins; a's task lease lapses: the sweep requeues the task and b runs it again
        nodes.start("b", x -> x.activity(new Slow("b")));
        nodes.advance(Duration.ofMinutes(31));
        assertThat(join(w.engine.client().await("pay-1", String.class, WAIT))).isEqualTo("b#2");
        List<HistoryEvent> done = history(nodes, "pay-1");

        Slow.release.countDown();
        Call completion = eventually("a's late completion", () -> a.journal.first("completeTask"));
        assertThat(failureOf(completion.result())).isInstanceOf(FencedException.class);
        join(a.engine.idle());
        join(a.pg.syncClock());

        assertThat(history(nodes, "pay-1")).isEqualTo(done);
        assertOneWriterPerSeq(done);
        assertThat(types(done))
            .containsExactly(
                "run_started", "activity_scheduled", "activity_completed", "run_completed");
        assertThat(((Event.ActivityCompleted) done.get(2).event()).result().jsonText())
            .isEqualTo("\"b#2\"");
        assertThat(Slow.EXECUTIONS).containsExactly("a#1 pay-1/2", "b#2 pay-1/2");
        assertThat(a.journal.calls("commit")).isEmpty();

        // a's worker (one slot) runs another workflow's activity
        join(w.engine.client().start(Stamped.class, "s-1", StartOptions.withId("stamp-1")));
        join(a.engine.tick());
        assertThat(join(w.engine.client().await("stamp-1", String.class, WAIT)))
            .isEqualTo("s-1 stamped by a");
      }
    }
  }
}
