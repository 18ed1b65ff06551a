package io.continuum.load.cluster;

import io.continuum.Continuum;
import io.continuum.cluster.ClusterOptions;
import io.continuum.cluster.ContinuumCluster;
import io.continuum.load.throughput.OneActivity;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;

/**
 * One engine node of {@code load-tests/run cluster}: its own clustered Vert.x (Hazelcast on a
 * loopback port), its own journal (its own pool, LISTEN on) and its own engine, which keeps waiting
 * runs hosted ({@code idleRelease} zero) so that a measured run stays with its owner.
 *
 * <pre>{@code
 * Node a = Node.start("bench-1", "continuum-bench-1f2e", 15701, List.of(15701), db, journalOptions);
 * a.client().start(OneActivity.class, 1);
 * a.close();   // engine undeployed, journal closed, Vert.x closed: the node leaves the cluster
 * }</pre>
 */
final class Node {
  private static final Duration BOUND = Duration.ofSeconds(60);

  private final String id;
  private final Vertx vertx;
  private final PgJournal journal;
  private final Engine engine;

  private Node(String id, Vertx vertx, PgJournal journal, Engine engine) {
    this.id = id;
    this.vertx = vertx;
    this.journal = journal;
    this.engine = engine;
  }

  /**
   * Joins the cluster {@code cluster} on Hazelcast port {@code port}, contacting the members on
   * {@code memberPorts}, then opens the journal on {@code db} and deploys the engine. Whatever was
   * started is closed again when a later part fails.
   */
  static Node start(
      String id,
      String cluster,
      int port,
      List<Integer> memberPorts,
      PgConnectOptions db,
      PgJournalOptions journalOptions) {
    Vertx vertx =
        Bounded.await(
            ContinuumCluster.start(ClusterOptions.loopback(cluster, port, memberPorts)),
            BOUND,
            "node " + id + " to join cluster " + cluster + " on port " + port);
    PgJournal journal = null;
    try {
      journal =
          Bounded.await(
              PgJournal.create(vertx, db, journalOptions), BOUND, "the journal of node " + id);
      Engine engine =
          Engine.builder()
              .journal(journal)
              .workflow(OneActivity.class)
              .activity(new OneActivity.Echo())
              .workflow(AwaitGo.class)
              .options(EngineOptions.defaults().withNodeId(id).withIdleRelease(Duration.ZERO))
              .build();
      Bounded.await(engine.deploy(vertx), BOUND, "the engine of node " + id + " to deploy");
      return new Node(id, vertx, journal, engine);
    } catch (RuntimeException | Error e) {
      // An Error too (a class missing from a stale classpath): a clustered Vert.x left running
      // would keep the JVM alive.
      Future<Void> closed = journal == null ? Future.succeededFuture() : journal.close();
      try {
        Bounded.await(closed.eventually(vertx::close), BOUND, "node " + id + " to close");
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** The node id; its leases are owned by {@code <id>/<instance>/<incarnation>}. */
  String id() {
    return id;
  }

  Vertx vertx() {
    return vertx;
  }

  Continuum client() {
    return engine.client();
  }

  /** How many members this node's cluster manager sees (itself included). */
  int members() {
    return ((VertxInternal) vertx).clusterManager().getNodes().size();
  }

  /**
   * Undeploys the engine, closes the journal, then Vert.x, which leaves the cluster; each step is
   * tried even when an earlier one failed, and the first failure is thrown afterwards.
   */
  void close() {
    RuntimeException failure = null;
    for (Runnable step :
        List.<Runnable>of(
            () -> Bounded.await(engine.undeploy(), BOUND, "the engine of node " + id + " to stop"),
            () -> Bounded.await(journal.close(), BOUND, "the journal of node " + id + " to close"),
            () -> Bounded.await(vertx.close(), BOUND, "node " + id + " to leave the cluster"))) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
