package io.continuum.runtime;

import io.continuum.journal.Journal;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Engines ("nodes") sharing one journal and one journal clock, as separate processes share one
 * database: the in-memory journal's harness and the Postgres one implement it, so an engine-level
 * contract runs on both.
 *
 * <pre>{@code
 * try (EngineNodes nodes = new Nodes()) {
 *   var a = nodes.start("a", o -> o, b -> b.workflow(Pay.class).activity(new Charge()));
 *   nodes.advanceClock(Duration.ofSeconds(31)); // a does nothing about it until it ticks
 *   a.tick();
 * }
 * }</pre>
 */
public interface EngineNodes extends AutoCloseable {

  /**
   * How long the harnesses' nodes let a run idle before it leaves memory: never (the contracts
   * drive hosting themselves), unless {@code -Dcontinuum.test.idleRelease=PT1S} runs every contract
   * with eviction on, as a stress run of the claim-and-resume path.
   */
  Duration IDLE_RELEASE = Duration.parse(System.getProperty("continuum.test.idleRelease", "PT0S"));

  /** One engine. */
  interface Node {
    Engine engine();

    /**
     * Runs this node's periodic duties once (renew, sweep, timers, claim tasks, claim runs); what
     * they started may still be running.
     */
    void tick();

    /** Dies without releasing anything. */
    void kill();

    /** Stops gracefully. */
    void stop();
  }

  /**
   * Starts a node whose real-time pollers are out of the way (tests drive them with ticks); {@code
   * tune} may change its options.
   */
  Node start(String nodeId, UnaryOperator<EngineOptions> tune, Consumer<Engine.Builder> setup);

  /** Moves the journal's clock forward without ticking anyone. */
  void advanceClock(Duration d);

  /** Waits until every live node is idle. */
  void settle();

  /** The shared journal, for the test's own reads. */
  Journal journal();

  @Override
  void close();

  /**
   * The future's value within {@code wait}; a failure's {@code RuntimeException} is rethrown as it
   * is, so a test can assert on its type.
   */
  static <T> T join(Future<T> f, Duration wait) {
    try {
      return f.toCompletionStage()
          .toCompletableFuture()
          .get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("not within " + wait, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
