package io.continuum.pg.engine;

import static io.continuum.pg.engine.FencingHistory.assertOneWriterPerSeq;
import static io.continuum.pg.engine.FencingHistory.eventually;
import static io.continuum.pg.engine.FencingHistory.types;
import static io.continuum.pg.engine.PgNodes.WAIT;
import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.core.event.HistoryEvent;
import io.continuum.journal.RunRecord;
import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Infrastructure faults on Postgres never fail a run: steps whose commits were in flight when every
 * connection was cut are retried from history and finish; a node that stops gracefully hands its
 * runs over at once, without waiting for its leases to lapse.
 */
class PgInfraFaultTest {

  /** Doubles its input. */
  public static final class Twice implements Activity<Integer, Integer> {
    @Override
    public Integer execute(ActivityContext ctx, Integer n) {
      return 2 * n;
    }
  }

  /** Waits for "go", doubles the number it got, returns it. */
  public static final class GoThenTwice implements Workflow<String, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, String in) {
      int n = ctx.awaitSignal("go", Integer.class);
      return ctx.activity(Twice.class, n);
    }
  }

  private static final List<String> STEPS =
      List.of(
          "run_started",
          "signal_awaited",
          "signal_received",
          "activity_scheduled",
          "activity_completed",
          "run_completed");

  /**
   * Step commits block on a table lock; every backend of the database is terminated under them, the
   * LISTEN connections included. Each host retries its step from history on a new connection and
   * every run completes with the right result and a clean history: none is marked failed.
   */
  @Test
  void stepsInFlightWhenEveryConnectionIsCutAreRetriedAndEveryRunCompletes() throws Exception {
    int runs = 12;
    List<String> ids = IntStream.range(0, runs).mapToObj(i -> "cut-" + i).toList();
    try (var nodes = new PgNodes()) {
      var a =
          nodes.start(
              "a",
              o -> o.withStepRetryDelay(Duration.ofMillis(20)),
              x -> x.workflow(GoThenTwice.class).activity(new Twice()));
      for (String id : ids) {
        join(a.engine.client().start(GoThenTwice.class, id, StartOptions.withId(id)));
      }
      nodes.settle();

      try (Connection lock = PgTestDatabase.shared().connect(nodes.db)) {
        lock.setAutoCommit(false);
        int lockPid = pid(lock);
        try (Statement s = lock.createStatement()) {
          s.execute("LOCK TABLE continuum_events IN EXCLUSIVE MODE"); // reads still pass
        }
        for (int i = 0; i < runs; i++) {
          join(a.engine.client().signal(ids.get(i), "go", i));
        }
        eventually("step commits waiting on the lock", () -> waiting(nodes) > 0 ? true : null);

        PgTestDatabase.shared()
            .execute(
                nodes.db,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), "
                    + lockPid
                    + ")");
        lock.rollback();
      }

      for (int i = 0; i < runs; i++) {
        String id = ids.get(i);
        assertThat(join(a.engine.client().await(id, Integer.class, WAIT))).isEqualTo(2 * i);
        RunRecord run = retried(() -> nodes.journal().run(id));
        assertThat(run.state()).isEqualTo(RunState.COMPLETED);
        List<HistoryEvent> h = retried(() -> nodes.journal().history(id, 0));
        assertOneWriterPerSeq(h);
        assertThat(types(h)).isEqualTo(STEPS);
      }
      eventually("a's LISTEN reconnected", () -> a.pg.listenReconnects() > 0 ? true : null);
    }
  }

  /**
   * A node that stops gracefully releases its run leases; another node (told by the signal's
   * notice, not by time passing) claims the run and finishes it.
   */
  @Test
  void aNodeThatStopsGracefullyHandsItsRunsOverWithoutWaitingForLeaseExpiry() {
    try (var nodes = new PgNodes()) {
      var a = nodes.start("a", x -> x.workflow(GoThenTwice.class).activity(new Twice()));
      var b = nodes.start("b", x -> x.workflow(GoThenTwice.class).activity(new Twice()));
      join(a.engine.client().start(GoThenTwice.class, "", StartOptions.withId("handover-1")));
      nodes.settle();
      assertThat(join(nodes.journal().run("handover-1")).leaseOwner()).startsWith("a/");

      a.stop();
      RunRecord released = join(nodes.journal().run("handover-1"));
      assertThat(released.leaseOwner()).isNull();
      assertThat(released.state()).isEqualTo(RunState.SUSPENDED);

      join(b.engine.client().signal("handover-1", "go", 21));
      assertThat(join(b.engine.client().await("handover-1", Integer.class, WAIT))).isEqualTo(42);
      List<HistoryEvent> h = join(nodes.journal().history("handover-1", 0));
      assertOneWriterPerSeq(h);
      assertThat(types(h)).isEqualTo(STEPS);
    }
  }

  private static int pid(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  // Backends of the test database waiting for a lock.
  private static int waiting(PgNodes nodes) {
    try (Connection c = PgTestDatabase.shared().connect(nodes.db);
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // The test's own pool lost its connections too: a read may fail once before it reconnects.
  private static <T> T retried(Supplier<Future<T>> read) {
    return eventually(
        "a read on a fresh connection",
        () -> {
          try {
            return join(read.get());
          } catch (RuntimeException e) {
            return null;
          }
        });
  }
}
