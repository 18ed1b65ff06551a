package io.continuum.runtime.regression;

import io.continuum.journal.memory.InMemoryJournal;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.continuum.testing.SettableClock;
import io.continuum.testing.TestEnvironment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Engines ("nodes"), each on its own Vert.x and behind its own {@link FaultJournal}, sharing one
 * in-memory journal and one settable clock, as nodes share one database. Real-time pollers are
 * pushed out of the way (an hour); tests drive duties with {@link #tick()}.
 */
final class Cluster implements AutoCloseable {
  /** How long a test waits for something that should happen at once. */
  static final Duration WAIT = Duration.ofSeconds(5);

  final SettableClock clock;
  final InMemoryJournal journal;
  private final List<Node> nodes = new ArrayList<>();

  Cluster() {
    this(TestEnvironment.DEFAULT_START);
  }

  Cluster(Instant start) {
    clock = new SettableClock(start);
    journal = InMemoryJournal.create(clock);
  }

  static final class Node {
    final Vertx vertx;
    final Engine engine;
    final FaultJournal journal;
    boolean alive = true;

    private Node(Vertx vertx, Engine engine, FaultJournal journal) {
      this.vertx = vertx;
      this.engine = engine;
      this.journal = journal;
    }

    /** Dies without releasing anything. */
    void kill() {
      alive = false;
      journal.kill();
      join(vertx.close());
    }

    /** Stops gracefully: steps finish, leases are released. */
    void stop() {
      alive = false;
      join(engine.undeploy());
      join(vertx.close());
    }
  }

  static EngineOptions options(String nodeId) {
    return EngineOptions.defaults()
        .withNodeId(nodeId)
        .withPollInterval(Duration.ofHours(1))
        .withLeaseTtl(Duration.ofSeconds(30))
        .withHostInstances(2);
  }

  Node start(String nodeId, Consumer<Engine.Builder> setup) {
    return start(nodeId, o -> o, setup);
  }

  Node start(String nodeId, UnaryOperator<EngineOptions> tune, Consumer<Engine.Builder> setup) {
    var view = new FaultJournal(journal);
    var builder = Engine.builder().journal(view).options(tune.apply(options(nodeId)));
    setup.accept(builder);
    Engine engine = builder.build();
    Vertx vertx = Vertx.vertx();
    try {
      join(engine.deploy(vertx));
    } catch (RuntimeException | Error e) {
      vertx.close();
      throw e;
    }
    var node = new Node(vertx, engine, view);
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

  void settle() {
    for (int round = 0; round < 3; round++) {
      for (Node n : nodes) {
        if (n.alive) {
          join(n.engine.idle());
        }
      }
    }
  }

  /** The future's value; fails the test when it fails or takes longer than {@link #WAIT}. */
  static <T> T join(Future<T> f) {
    return join(f, WAIT);
  }

  static <T> T join(Future<T> f, Duration timeout) {
    try {
      return f.toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("not done within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits (bounded by {@link #WAIT}) until the condition holds, checking every few ms. */
  static void awaitCondition(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
  }

  /** Waits up to {@code timeout} for the future to complete (either way); false if it did not. */
  static boolean completesWithin(Future<?> f, Duration timeout) {
    try {
      f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return true;
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      try {
        if (n.alive) {
          n.stop();
        }
      } catch (RuntimeException | AssertionError e) {
        n.alive = false;
      } finally {
        completesWithin(n.vertx.close(), WAIT);
      }
    }
  }
}
