package io.continuum.load.cluster;

import io.continuum.StartOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One signal-to-wake sample at a time: a run of {@link AwaitGo} is started through its owner's
 * client, and once its row reads {@code suspended} with the owner's lease (polled over a JDBC
 * connection of its own, before the clock starts), the owner's client is asked to {@code await} it
 * (an in-process waiter, completed by the host that commits the run's end, before any event-bus
 * notification and without a journal read). The clock starts on a context of the signalling node
 * right before its client's {@code signal(...)} call and stops in the waiter's callback on the
 * owner, on the thread that committed the end.
 *
 * <pre>{@code
 * var latency = new SignalLatency(server.connect(db));
 * long micros = latency.sample(a, b, b.vertx().getOrCreateContext(), "sig-r-7", 7);   // through B
 * }</pre>
 */
final class SignalLatency implements AutoCloseable {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final Connection jdbc;
  private final PreparedStatement row;

  SignalLatency(Connection jdbc) throws SQLException {
    this.jdbc = jdbc;
    this.row = jdbc.prepareStatement("SELECT state, lease_owner FROM continuum_runs WHERE id = ?");
  }

  /**
   * Starts run {@code runId} on {@code owner}, signals it through {@code via} (the owner itself or
   * another node) on {@code viaContext}, and returns the microseconds from the signal call to the
   * run's completion as the owner sees it.
   */
  long sample(Node owner, Node via, Context viaContext, String runId, int n) throws Exception {
    Bounded.await(
        owner.client().start(AwaitGo.class, n, StartOptions.withId(runId)),
        BOUND,
        "the start of run " + runId + " through node " + owner.id());
    awaitSuspended(owner, runId);
    Future<Long> completedAt =
        owner
            .client()
            .await(runId, Integer.class, BOUND)
            .map(
                result -> {
                  long at = System.nanoTime();
                  if (result != n) {
                    throw new IllegalStateException("run " + runId + " returned " + result);
                  }
                  return at;
                });
    AtomicLong signalledAt = new AtomicLong();
    Promise<Void> signalled = Promise.promise();
    viaContext.runOnContext(
        v -> {
          signalledAt.set(System.nanoTime());
          via.client().signal(runId, "go", "now").onComplete(signalled);
        });
    Bounded.await(
        signalled.future(), BOUND, "the signal to run " + runId + " through node " + via.id());
    long end =
        Bounded.await(
            completedAt,
            BOUND,
            "run "
                + runId
                + " to complete on node "
                + owner.id()
                + " after its signal through node "
                + via.id());
    return Math.max(1, (end - signalledAt.get()) / 1_000);
  }

  // The run's row reads suspended, leased to the node that started it: it waits in that node's
  // memory for the signal. A run that another node took is an error (the figures would lie).
  private void awaitSuspended(Node owner, String runId) throws Exception {
    long deadline = System.nanoTime() + BOUND.toNanos();
    String state = null;
    String lease = null;
    while (System.nanoTime() < deadline) {
      row.setString(1, runId);
      try (var rs = row.executeQuery()) {
        if (rs.next()) {
          state = rs.getString(1);
          lease = rs.getString(2);
        }
      }
      if ("suspended".equals(state) && lease != null) {
        if (!lease.startsWith(owner.id() + "/")) {
          throw new IllegalStateException(
              "run " + runId + " is hosted by " + lease + ", not by node " + owner.id());
        }
        return;
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException(
        "timed out after "
            + BOUND
            + " waiting for run "
            + runId
            + " to be suspended on node "
            + owner.id()
            + " (last seen: "
            + state
            + ", lease "
            + lease
            + ")");
  }

  @Override
  public void close() throws SQLException {
    jdbc.close();
  }
}
