package io.continuum.cluster;

import io.continuum.journal.Journal;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.pg.testing.PgTestDatabase;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Several Continuum nodes in one JVM, as a cluster: each its own clustered Vert.x (Hazelcast on
 * 127.0.0.1, one cluster name per instance of this class), its own {@link PgJournal} and engine,
 * all on one fresh Postgres test database. LISTEN/NOTIFY is off unless asked for, and every poll
 * waits an hour, so what reaches a node quickly was carried by the cluster.
 *
 * <pre>{@code
 * try (var nodes = new ClusteredNodes(3, false)) {
 *   var a = nodes.start(b -> b.workflow(Greet.class));
 *   var b = nodes.start(b -> b.workflow(Greet.class));
 *   a.engine().client().start(Greet.class, "x", StartOptions.withId("g-1"));
 *   b.engine().client().signal("g-1", "name", "Ada");   // forwarded to a
 * }
 * }</pre>
 */
final class ClusteredNodes implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final PgConnectOptions db = PgTestDatabase.shared().newDatabase();
  private final String cluster = "continuum-test-" + UUID.randomUUID();
  private final List<Integer> ports = new ArrayList<>();
  private final boolean listen;
  private final List<Node> nodes = new ArrayList<>();
  private final Vertx observer = Vertx.vertx();
  private final PgJournal journal;

  /**
   * A node: its clustered Vert.x, its journal, its engine and its meters; once {@code dead}, every
   * journal call of its engine fails.
   */
  record Node(
      Vertx vertx,
      PgJournal pg,
      Engine engine,
      SimpleMeterRegistry meters,
      java.util.concurrent.atomic.AtomicBoolean dead) {
    /** How many messages of {@code kind} this node forwarded with {@code outcome}. */
    double forwarded(String kind, String outcome) {
      var counter =
          meters.find("continuum.forwards").tag("kind", kind).tag("outcome", outcome).counter();
      return counter == null ? 0 : counter.count();
    }

    /**
     * Dies: from now on every journal call of its engine fails (so it releases nothing), then its
     * Vert.x closes and it leaves the cluster.
     */
    void kill() {
      dead.set(true);
      join(vertx.close());
    }

    /** Stops gracefully: the engine releases its leases, then the node leaves the cluster. */
    void stop() {
      join(engine.undeploy());
      join(pg.close());
      join(vertx.close());
    }
  }

  /**
   * Room for {@code size} members (each member lists them all, as a TCP/IP join does); {@code
   * listen} turns LISTEN/NOTIFY on.
   */
  ClusteredNodes(int size, boolean listen) {
    this.listen = listen;
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
    }
    journal = join(PgJournal.create(observer, db, PgJournalOptions.defaults().withPoolSize(2)));
  }

  /** A journal of the database for the test itself. */
  Journal journal() {
    return journal;
  }

  Node start(Consumer<Engine.Builder> setup) {
    return start(UnaryOperator.identity(), setup);
  }

  /**
   * Starts the next member: hour-long polls and lease beats, 30 s leases, waiting runs kept in
   * memory, two hosts; {@code tune} may change the options.
   */
  Node start(UnaryOperator<EngineOptions> tune, Consumer<Engine.Builder> setup) {
    int index = nodes.size();
    if (index >= ports.size()) {
      throw new IllegalStateException("room for " + ports.size() + " members only");
    }
    Vertx vertx =
        join(ContinuumCluster.start(ClusterOptions.loopback(cluster, ports.get(index), ports)));
    PgJournal pg =
        join(
            PgJournal.create(
                vertx, db, PgJournalOptions.defaults().withPoolSize(3).withListen(listen)));
    var meters = new SimpleMeterRegistry();
    var dead = new java.util.concurrent.atomic.AtomicBoolean();
    var builder =
        Engine.builder()
            .journal(killable(pg, dead))
            .meterRegistry(meters)
            .options(
                tune.apply(
                    EngineOptions.defaults()
                        .withNodeId("node-" + (char) ('a' + index))
                        .withPollInterval(Duration.ofHours(1))
                        .withLeaseTtl(Duration.ofSeconds(30))
                        .withIdleRelease(Duration.ZERO)
                        .withHostInstances(2)));
    setup.accept(builder);
    Engine engine = builder.build();
    join(engine.deploy(vertx));
    var node = new Node(vertx, pg, engine, meters, dead);
    nodes.add(node);
    return node;
  }

  // The journal, failing every call once the node is dead (as a crashed process would stop).
  private static Journal killable(
      PgJournal delegate, java.util.concurrent.atomic.AtomicBoolean dead) {
    return (Journal)
        java.lang.reflect.Proxy.newProxyInstance(
            Journal.class.getClassLoader(),
            new Class<?>[] {Journal.class},
            (proxy, method, args) -> {
              if (dead.get() && method.getReturnType() == Future.class) {
                return Future.failedFuture(
                    new io.continuum.JournalException(
                        method.getName(), "the node is dead", true, null));
              }
              try {
                return method.invoke(delegate, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  static <T> T join(Future<T> f) {
    return PgTestDatabase.join(f);
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      try {
        n.stop();
      } catch (RuntimeException e) {
        // a test may have closed it already
      }
    }
    join(journal.close());
    join(observer.close());
    PgTestDatabase.shared().drop(db);
  }
}
