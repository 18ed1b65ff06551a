package io.continuum.pg.engine;

import static io.continuum.pg.engine.FencingHistory.assertOneWriterPerSeq;
import static io.continuum.pg.engine.FencingHistory.count;
import static io.continuum.pg.engine.FencingHistory.eventually;
import static io.continuum.pg.engine.FencingHistory.failureOf;
import static io.continuum.pg.engine.FencingHistory.history;
import static io.continuum.pg.engine.FencingHistory.types;
import static io.continuum.pg.engine.PgNodes.WAIT;
import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.journal.JournalNotice;
import io.continuum.journal.RunRecord;
import io.continuum.pg.engine.PgNodes.Node;
import io.continuum.pg.impl.PgJournalImpl;
import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Signals across nodes on Postgres: a signal sent through any node's client reaches the run's owner
 * through the continuum_signal NOTIFY or, when the owner's LISTEN connection was down, through the
 * catch-up scan on reconnect; signals of one name are consumed in the order they were sent, each
 * once; a signal to a missing or finished run fails and writes nothing; a signal to a run whose
 * owner died waits in the durable mailbox until another node takes the run over.
 *
 * <p>Nodes poll every hour and the 30 s backstop scan does not come round within a test, so only
 * notices, catch-up scans and explicit ticks move work. Tests 1 and 2 also give the owner a
 * half-hour lease, so that its lease beat (which wakes runs with work waiting) cannot deliver.
 */
class PgSignalDeliveryTest {
  private static final Duration NO_LEASE_BEAT = Duration.ofMinutes(30);
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final List<String> ECHOED =
      List.of("run_started", "signal_awaited", "signal_received", "run_completed");

  /** Waits for "go" and returns it with the name of the node that consumed it. */
  public static final class Echo implements Workflow<String, String> {
    private final String node;

    public Echo() {
      this("?");
    }

    Echo(String node) {
      this.node = node;
    }

    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("go", String.class) + " by " + node;
    }
  }

  /** Waits for {@code n} signals named "n" and returns them comma-joined. */
  public static final class Numbers implements Workflow<Integer, String> {
    @Override
    public String run(WorkflowContext ctx, Integer n) {
      List<String> got = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        got.add(String.valueOf(ctx.awaitSignal("n", Integer.class)));
      }
      return String.join(",", got);
    }
  }

  /**
   * 1. A signal sent through b's client to a run leased by a is consumed by a, woken by the NOTIFY
   * on continuum_signal: no tick, no poll, no lease beat, and WAIT ends before the backstop scan.
   */
  @Test
  void aSignalThroughAnotherNodeReachesTheOwnerByItsNotice() {
    try (var nodes = new PgNodes()) {
      var a = node(nodes, "a", NO_LEASE_BEAT);
      var b = node(nodes, "b", NO_LEASE_BEAT);
      startEcho(nodes, a, "a", "echo-1");

      join(b.engine.client().signal("echo-1", "go", "hello"));

      assertThat(join(a.engine.client().await("echo-1", String.class, WAIT)))
          .isEqualTo("hello by a");
      assertThat(types(history(nodes, "echo-1"))).isEqualTo(ECHOED);
    }
  }

  /**
   * 2. A signal sent while a's LISTEN connection is dead is consumed once a reconnects. The
   * database refuses new connections from before the kill until b's NOTIFY has been seen by another
   * listener, so that notice certainly never reached a; there is no tick and the await ends before
   * the backstop scan: this proves the catch-up scan on reconnect, not the poll.
   */
  @Test
  void aSignalSentWhileTheOwnersListenConnectionIsDownIsFoundByTheCatchUpScan() throws Exception {
    try (var nodes = new PgNodes()) {
      var a = node(nodes, "a", NO_LEASE_BEAT);
      var b = node(nodes, "b", NO_LEASE_BEAT);
      startEcho(nodes, a, "a", "echo-2");
      List<String> notified = new CopyOnWriteArrayList<>();
      join(
          nodes
              .journal()
              .listen(n -> notified.add(n instanceof JournalNotice.RunReady r ? r.runId() : "")));
      // all of b's pool is connected before the database refuses new connections
      join(Future.all(b.pg.run("echo-2"), b.pg.run("echo-2"), b.pg.run("echo-2")));
      int pid = join(((PgJournalImpl) a.pg).listenBackendPid());
      long reconnects = a.pg.listenReconnects();

      try (Connection jdbc = PgTestDatabase.shared().connect(nodes.db)) {
        allowConnections(nodes, false); // from the admin database: not allowed on the current one
        try {
          assertThat(terminate(jdbc, pid)).isTrue();
          eventually("a to lose its LISTEN", () -> a.pg.listenReconnects() > reconnects ? 1 : null);
          join(b.engine.client().signal("echo-2", "go", "late"));
          eventually("b's NOTIFY", () -> notified.contains("echo-2") ? 1 : null);
        } finally {
          allowConnections(nodes, true);
        }
      }

      assertThat(join(a.engine.client().await("echo-2", String.class, Duration.ofSeconds(10))))
          .isEqualTo("late by a");
      assertThat(a.pg.listenReconnects()).isGreaterThan(reconnects);
      assertThat(join(((PgJournalImpl) a.pg).listenBackendPid())).isNotEqualTo(pid);
      assertThat(types(history(nodes, "echo-2"))).isEqualTo(ECHOED);
    }
  }

  /**
   * 3. Twenty signals named "n", sent alternately through a's and b's clients, are consumed in the
   * order they were sent, each exactly once, and the mailbox is empty afterwards.
   */
  @Test
  void signalsOfOneNameFromTwoNodesAreConsumedInOrderEachOnce() {
    try (var nodes = new PgNodes()) {
      var a = node(nodes, "a", LEASE);
      var b = node(nodes, "b", LEASE);
      join(a.engine.client().start(Numbers.class, 20, StartOptions.withId("numbers-1")));
      nodes.settle();

      for (int i = 0; i < 20; i++) {
        join((i % 2 == 0 ? a : b).engine.client().signal("numbers-1", "n", i));
      }

      List<String> sent = IntStream.range(0, 20).mapToObj(String::valueOf).toList();
      assertThat(join(a.engine.client().await("numbers-1", String.class, WAIT)))
          .isEqualTo(String.join(",", sent));
      List<HistoryEvent> h = history(nodes, "numbers-1");
      assertOneWriterPerSeq(h);
      List<Event.SignalReceived> received =
          h.stream()
              .map(HistoryEvent::event)
              .filter(e -> e instanceof Event.SignalReceived)
              .map(e -> (Event.SignalReceived) e)
              .toList();
      assertThat(received.stream().map(s -> s.payload().jsonText())).isEqualTo(sent);
      assertThat(received.stream().map(Event.SignalReceived::signalId).distinct()).hasSize(20);
      assertThat(count(nodes, "continuum_signals", "numbers-1")).isZero();
    }
  }

  /**
   * 4. A signal to a missing run fails with RunNotFound, one to a completed run with RunTerminal;
   * neither writes a mailbox row, an event or a run.
   */
  @Test
  void aSignalToAMissingOrCompletedRunFailsAndWritesNothing() {
    try (var nodes = new PgNodes()) {
      var a = node(nodes, "a", LEASE);
      var b = node(nodes, "b", LEASE);

      assertThat(failureOf(b.engine.client().signal("nobody", "go", "x")))
          .isInstanceOfSatisfying(
              RunNotFound.class, e -> assertThat(e.runId()).isEqualTo("nobody"));
      assertThat(count(nodes, "continuum_signals", "nobody")).isZero();
      assertThatThrownBy(() -> join(nodes.journal().run("nobody"))).isInstanceOf(RunNotFound.class);

      startEcho(nodes, a, "a", "echo-4");
      join(a.engine.client().signal("echo-4", "go", "once"));
      assertThat(join(a.engine.client().await("echo-4", String.class, WAIT)))
          .isEqualTo("once by a");
      List<HistoryEvent> done = history(nodes, "echo-4");
      RunRecord completed = join(nodes.journal().run("echo-4"));

      for (Node via : List.of(a, b)) {
        assertThat(failureOf(via.engine.client().signal("echo-4", "go", "twice")))
            .isInstanceOfSatisfying(
                RunTerminal.class, e -> assertThat(e.state()).isEqualTo(RunState.COMPLETED));
      }
      assertThat(count(nodes, "continuum_signals", "echo-4")).isZero();
      assertThat(history(nodes, "echo-4")).isEqualTo(done);
      assertThat(join(nodes.journal().run("echo-4"))).isEqualTo(completed);
    }
  }

  /**
   * 5. A signal to a run whose owner was killed (its lease still running) is kept in the durable
   * mailbox, and nobody takes the run early; once the lease lapses, b takes the run over, consumes
   * the signal and completes the run.
   */
  @Test
  void aSignalToARunWhoseOwnerDiedWaitsInTheMailboxUntilAnotherNodeTakesOver() {
    try (var nodes = new PgNodes()) {
      var a = node(nodes, "a", LEASE);
      var b = node(nodes, "b", LEASE);
      startEcho(nodes, a, "a", "echo-5");

      a.kill(); // its lease stays behind
      join(b.engine.client().signal("echo-5", "go", "kept"));
      nodes.tick(); // b looks for work: the run is still a's

      RunRecord orphaned = join(nodes.journal().run("echo-5"));
      assertThat(orphaned.leaseOwner()).startsWith("a/");
      assertThat(orphaned.state()).isEqualTo(RunState.SUSPENDED);
      assertThat(types(history(nodes, "echo-5"))).containsExactly("run_started", "signal_awaited");
      assertThat(count(nodes, "continuum_signals", "echo-5")).isEqualTo(1);
      assertThat(join(nodes.journal().inbox("echo-5")).items())
          .singleElement()
          .isInstanceOfSatisfying(
              InboxItem.Signal.class, s -> assertThat(s.name()).isEqualTo("go"));

      nodes.advance(Duration.ofSeconds(31)); // a's lease lapses; b claims the run

      assertThat(join(b.engine.client().await("echo-5", String.class, WAIT)))
          .isEqualTo("kept by b");
      assertThat(types(history(nodes, "echo-5"))).isEqualTo(ECHOED);
      assertThat(count(nodes, "continuum_signals", "echo-5")).isZero();
    }
  }

  private static Node node(PgNodes nodes, String name, Duration leaseTtl) {
    return nodes.start(
        name,
        o -> o.withLeaseTtl(leaseTtl),
        x -> x.workflow(Echo.class, () -> new Echo(name)).workflow(Numbers.class));
  }

  /** Starts an {@link Echo} run through {@code owner}, which leases it and waits for "go". */
  private static void startEcho(PgNodes nodes, Node owner, String ownerName, String runId) {
    join(owner.engine.client().start(Echo.class, "", StartOptions.withId(runId)));
    nodes.settle();
    assertThat(types(history(nodes, runId))).containsExactly("run_started", "signal_awaited");
    assertThat(join(nodes.journal().run(runId)).leaseOwner()).startsWith(ownerName + "/");
  }

  private static boolean terminate(Connection jdbc, int pid) throws SQLException {
    try (var ps = jdbc.prepareStatement("SELECT pg_terminate_backend(?)")) {
      ps.setInt(1, pid);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static void allowConnections(PgNodes nodes, boolean allow) {
    PgTestDatabase.shared()
        .execute(
            PgTestDatabase.shared().options("postgres"),
            "ALTER DATABASE " + nodes.db.getDatabase() + " ALLOW_CONNECTIONS " + allow);
  }
}
