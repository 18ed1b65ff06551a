package io.continuum.pg.engine;

import io.continuum.JournalException;
import io.continuum.journal.Journal;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.pg.testing.PgTestDatabase;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineNodes;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Several engines ("nodes") on one fresh Postgres test database, each with its own Vert.x and its
 * own {@link PgJournal} (pool, LISTEN connection, clock), as separate processes would have. Time is
 * the database's: {@link #advance} moves {@code continuum_now()} for every connection at once,
 * re-syncs each node's clock and runs each live node's periodic duties. A node can stop gracefully
 * or be killed: its journal refuses every call from then on, so it releases nothing.
 *
 * <pre>{@code
 * try (var nodes = new PgNodes()) {
 *   var a = nodes.start("a", b -> b.workflow(Pay.class).activity(new Charge()));
 *   a.kill();
 *   nodes.advance(Duration.ofSeconds(31));
 * }
 * }</pre>
 */
public final class PgNodes implements EngineNodes {
  public static final Duration WAIT = Duration.ofSeconds(20);

  public final PgConnectOptions db = PgTestDatabase.shared().newDatabase();
  private final List<Node> nodes = new ArrayList<>();
  private final Vertx observer = Vertx.vertx();
  private final PgJournal journal = join(PgJournal.create(observer, db, options()));
  private Duration skew = Duration.ZERO;

  /** One node: its Vert.x, its own journal, its engine. */
  public static final class Node implements EngineNodes.Node {
    public final Vertx vertx;
    public final PgJournal pg;
    public final Engine engine;
    private final KillSwitch killSwitch;
    boolean alive = true;

    Node(Vertx vertx, PgJournal pg, Engine engine, KillSwitch killSwitch) {
      this.vertx = vertx;
      this.pg = pg;
      this.engine = engine;
      this.killSwitch = killSwitch;
    }

    public boolean alive() {
      return alive;
    }

    @Override
    public Engine engine() {
      return engine;
    }

    @Override
    public void tick() {
      join(engine.tick());
    }

    /** Dies: from now on every journal call fails, then its Vert.x closes; nothing is released. */
    @Override
    public void kill() {
      alive = false;
      killSwitch.dead = true;
      join(vertx.close());
    }

    /** Stops gracefully: steps finish, leases are released. */
    @Override
    public void stop() {
      alive = false;
      join(engine.undeploy());
      join(pg.close());
      join(vertx.close());
    }
  }

  /** The journal options every node uses: LISTEN on, a small pool. */
  public static PgJournalOptions options() {
    return PgJournalOptions.defaults().withPoolSize(3);
  }

  /** A journal of this database for the test itself (reads, direct writes). */
  @Override
  public Journal journal() {
    return journal;
  }

  public Node start(String nodeId, Consumer<Engine.Builder> setup) {
    return start(nodeId, UnaryOperator.identity(), setup);
  }

  /**
   * Starts a node whose pollers wait an hour (tests drive them with {@link #tick}), with 30 s run
   * leases and two hosts; {@code tune} may change its options.
   */
  @Override
  public Node start(
      String nodeId, UnaryOperator<EngineOptions> tune, Consumer<Engine.Builder> setup) {
    Vertx vertx = Vertx.vertx();
    PgJournal pg = join(PgJournal.create(vertx, db, options()));
    var killSwitch = new KillSwitch(pg);
    var builder =
        Engine.builder()
            .journal(killSwitch.journal())
            .options(
                tune.apply(
                    EngineOptions.defaults()
                        .withNodeId(nodeId)
                        .withPollInterval(Duration.ofHours(1))
                        .withLeaseTtl(Duration.ofSeconds(30))
                        .withIdleRelease(IDLE_RELEASE)
                        .withHostInstances(2)));
    setup.accept(builder);
    Engine engine = builder.build();
    join(engine.deploy(vertx));
    var node = new Node(vertx, pg, engine, killSwitch);
    nodes.add(node);
    return node;
  }

  /** Moves the database clock forward, re-syncs every live node's clock and ticks them all. */
  public void advance(Duration d) {
    advanceClock(d);
    tick();
  }

  /** Moves the database clock forward and re-syncs every live node's clock; ticks nobody. */
  @Override
  public void advanceClock(Duration d) {
    skew = skew.plus(d);
    PgTestDatabase.shared().setClockSkew(db, skew);
    join(journal.syncClock());
    for (Node n : nodes) {
      if (n.alive) {
        join(n.pg.syncClock());
      }
    }
  }

  /** Runs every live node's periodic duties once, then waits until each is idle. */
  public void tick() {
    for (Node n : nodes) {
      if (n.alive) {
        join(n.engine.tick());
      }
    }
    settle();
  }

  /**
   * Waits until every live node is idle (a few rounds, as one node's work wakes another). Work a
   * NOTIFY carries to another node is not covered: await its effect instead.
   */
  @Override
  public void settle() {
    for (int round = 0; round < 3; round++) {
      for (Node n : nodes) {
        if (n.alive) {
          join(n.engine.idle());
        }
      }
    }
  }

  public static <T> T join(Future<T> f) {
    return PgTestDatabase.join(f);
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      if (n.alive) {
        n.stop(); // a killed node's journal closed with its Vert.x
      }
    }
    join(journal.close());
    join(observer.close());
    PgTestDatabase.shared().drop(db);
  }

  /** Fails every journal call once the node is dead; the clock keeps working. */
  static final class KillSwitch {
    private final PgJournal delegate;
    volatile boolean dead;

    KillSwitch(PgJournal delegate) {
      this.delegate = delegate;
    }

    Journal journal() {
      return (Journal)
          Proxy.newProxyInstance(
              Journal.class.getClassLoader(),
              new Class<?>[] {Journal.class},
              (proxy, method, args) -> {
                if (dead && method.getReturnType() == Future.class) {
                  return Future.failedFuture(
                      new JournalException(method.getName(), "the node is dead", true, null));
                }
                try {
                  return method.invoke(delegate, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }
}
