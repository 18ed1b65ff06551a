package io.continuum.pg.engine;

import static io.continuum.pg.engine.FencingHistory.failureOf;
import static io.continuum.pg.engine.PgNodes.WAIT;
import static io.continuum.pg.engine.PgNodes.join;

import io.continuum.journal.Journal;
import io.continuum.journal.StepCommit;
import io.continuum.pg.PgJournal;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A node started next to {@link PgNodes} (same database, its own Vert.x and PgJournal) whose
 * journal calls go through a {@link Recorder}. {@link PgNodes#advance} neither ticks it nor syncs
 * its clock: the test does, when it wants to.
 */
final class Watched implements AutoCloseable {
  final Vertx vertx;
  final PgJournal pg;
  final Recorder journal;
  final Engine engine;
  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters;

  private Watched(
      Vertx vertx,
      PgJournal pg,
      Recorder journal,
      Engine engine,
      io.micrometer.core.instrument.simple.SimpleMeterRegistry meters) {
    this.vertx = vertx;
    this.pg = pg;
    this.journal = journal;
    this.engine = engine;
    this.meters = meters;
  }

  /** How many runs this node hosts now (its {@code continuum.runs.hosted} gauge). */
  int hostedRuns() {
    return (int) meters.find("continuum.runs.hosted").gauge().value();
  }

  /**
   * Like {@link PgNodes#start}: hour-long polls, 30 s leases, two hosts, changed by {@code tune};
   * {@code listen} false leaves it deaf to other nodes' notices.
   */
  static Watched start(
      PgNodes nodes,
      String nodeId,
      boolean listen,
      UnaryOperator<EngineOptions> tune,
      Consumer<Engine.Builder> setup) {
    Vertx vertx = Vertx.vertx();
    try {
      PgJournal pg = join(PgJournal.create(vertx, nodes.db, PgNodes.options().withListen(listen)));
      var recorder = new Recorder(pg);
      var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
      var builder =
          Engine.builder()
              .journal(recorder.journal)
              .meterRegistry(meters)
              .options(
                  tune.apply(
                      EngineOptions.defaults()
                          .withNodeId(nodeId)
                          .withPollInterval(Duration.ofHours(1))
                          .withLeaseTtl(Duration.ofSeconds(30))
                          .withHostInstances(2)));
      setup.accept(builder);
      Engine engine = builder.build();
      join(engine.deploy(vertx));
      return new Watched(vertx, pg, recorder, engine, meters);
    } catch (RuntimeException e) {
      join(vertx.close());
      throw e;
    }
  }

  /** Stops gracefully (held commits are let through first), before the database is dropped. */
  @Override
  public void close() {
    journal.releaseAll();
    try {
      join(engine.undeploy());
      join(pg.close());
    } finally {
      join(vertx.close());
    }
  }

  /** One journal call: its name, arguments and answer. */
  record Call(String op, List<Object> args, Future<?> result) {}

  /**
   * A journal in front of another that records every call, and can hold a run's next commit until
   * the test lets it through (then sends it on the caller's context, as if it had just been made).
   */
  static final class Recorder implements InvocationHandler {
    private final Journal delegate;
    final Journal journal;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Hold> holds = new CopyOnWriteArrayList<>();

    Recorder(Journal delegate) {
      this.delegate = delegate;
      this.journal =
          (Journal)
              Proxy.newProxyInstance(
                  Journal.class.getClassLoader(), new Class<?>[] {Journal.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getReturnType() != Future.class) {
        try {
          return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
      if (method.getName().equals("commit")) {
        String runId = ((StepCommit) args[0]).runId();
        for (Hold h : holds) {
          if (h.runId.equals(runId) && h.taken.compareAndSet(false, true)) {
            return h.park(() -> send(method, args));
          }
        }
      }
      return send(method, args);
    }

    private Future<?> send(Method method, Object[] args) {
      Future<?> result;
      try {
        result = (Future<?>) method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        result = Future.failedFuture(e.getCause());
      } catch (IllegalAccessException e) {
        result = Future.failedFuture(e);
      }
      calls.add(new Call(method.getName(), args == null ? List.of() : Arrays.asList(args), result));
      return result;
    }

    /** The calls of one operation so far, in order. */
    List<Call> calls(String op) {
      return calls.stream().filter(c -> c.op().equals(op)).toList();
    }

    /** The first call of an operation, or null. */
    Call first(String op) {
      List<Call> of = calls(op);
      return of.isEmpty() ? null : of.get(0);
    }

    /** Holds the next commit of {@code runId}. */
    Hold holdNextCommit(String runId) {
      var h = new Hold(runId);
      holds.add(h);
      return h;
    }

    void releaseAll() {
      holds.forEach(Hold::release);
    }
  }

  /** A commit held back until {@link #release}. */
  static final class Hold {
    final String runId;
    final AtomicBoolean taken = new AtomicBoolean();
    private final CompletableFuture<Void> reached = new CompletableFuture<>();
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final Promise<Object> outcome = Promise.promise();

    Hold(String runId) {
      this.runId = runId;
    }

    Future<Object> park(Supplier<Future<?>> send) {
      Context context = Vertx.currentContext();
      Promise<Object> answer = Promise.promise();
      released.thenRun(
          () -> {
            Runnable go =
                () ->
                    send.get()
                        .onComplete(
                            ar -> {
                              if (ar.succeeded()) {
                                answer.complete(ar.result());
                                outcome.tryComplete(ar.result());
                              } else {
                                answer.fail(ar.cause());
                                outcome.tryFail(ar.cause());
                              }
                            });
            if (context != null) {
              context.runOnContext(v -> go.run());
            } else {
              go.run();
            }
          });
      reached.complete(null);
      return answer.future();
    }

    /** Waits until the commit is made (and held). */
    void awaitReached() {
      try {
        reached.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new AssertionError("the held commit was never made", e);
      }
    }

    void release() {
      released.complete(null);
    }

    /** Waits for the released commit's answer, which must be a failure. */
    Throwable failure() {
      return failureOf(outcome.future());
    }
  }
}
