package io.continuum.runtime;

import io.continuum.journal.memory.InMemoryJournal;
import io.continuum.testing.SettableClock;
import io.continuum.testing.TestEnvironment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Several engines ("nodes"), each on its own Vert.x, sharing one in-memory journal and one settable
 * clock, as nodes share one database. Nodes can be stopped gracefully or killed.
 */
final class Nodes implements EngineNodes {
  final SettableClock clock = new SettableClock(TestEnvironment.DEFAULT_START);
  final InMemoryJournal journal = InMemoryJournal.create(clock);
  private final List<Node> nodes = new ArrayList<>();

  static final class Node implements EngineNodes.Node {
    final Vertx vertx;
    final Engine engine;
    final KillableJournal journal;
    boolean alive = true;

    Node(Vertx vertx, Engine engine, KillableJournal journal) {
      this.vertx = vertx;
      this.engine = engine;
      this.journal = journal;
    }

    @Override
    public Engine engine() {
      return engine;
    }

    @Override
    public void tick() {
      join(engine.tick());
    }

    /** Dies without releasing anything. */
    @Override
    public void kill() {
      alive = false;
      journal.kill();
      join(vertx.close());
    }

    /** Stops gracefully: steps finish, leases are released. */
    @Override
    public void stop() {
      alive = false;
      join(engine.undeploy());
      join(vertx.close());
    }
  }

  Node start(String nodeId, Consumer<Engine.Builder> setup) {
    return start(nodeId, UnaryOperator.identity(), setup);
  }

  @Override
  public Node start(
      String nodeId, UnaryOperator<EngineOptions> tune, Consumer<Engine.Builder> setup) {
    var journalView = new KillableJournal(journal);
    var builder =
        Engine.builder()
            .journal(journalView)
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
    Vertx vertx = Vertx.vertx();
    join(engine.deploy(vertx));
    var node = new Node(vertx, engine, journalView);
    nodes.add(node);
    return node;
  }

  /** Moves time, ticks every live node, and waits until all are idle. */
  void advance(Duration d) {
    clock.advance(d);
    tick();
  }

  void tick() {
    for (Node n : nodes) {
      if (n.alive) {
        join(n.engine.tick());
      }
    }
    settle();
  }

  @Override
  public void advanceClock(Duration d) {
    clock.advance(d);
  }

  @Override
  public InMemoryJournal journal() {
    return journal;
  }

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

  static <T> T join(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      if (n.alive) {
        n.stop();
      }
    }
  }
}
