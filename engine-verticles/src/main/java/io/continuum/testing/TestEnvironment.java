package io.continuum.testing;

import io.continuum.ActivityDefinition;
import io.continuum.Continuum;
import io.continuum.ReplayDriftError;
import io.continuum.RunDescription;
import io.continuum.RunHandle;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.UpdateOptions;
import io.continuum.Workflow;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.JacksonPayloadCodec;
import io.continuum.core.payload.PayloadCodec;
import io.continuum.core.replay.ChildSettings;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.core.replay.WorkflowRegistry;
import io.continuum.determinism.DeterminismOptions;
import io.continuum.journal.RunRecord;
import io.continuum.journal.memory.InMemoryJournal;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A complete engine on an in-memory journal whose time moves only when the test (or the
 * environment, while it waits for a run) moves it. Timers fire and retries come due by skipping
 * time, never by sleeping.
 *
 * <pre>{@code
 * try (var env = TestEnvironment.builder().workflow(Checkout.class).activity(new ChargeCard()).build()) {
 *   RunHandle<Receipt> run = env.start(Checkout.class, order);
 *   env.injectSignal(run.runId(), "approval", new Approval("alice"));
 *   Receipt receipt = env.result(run);             // skips the checkout's 5-minute sleep
 *   WorkflowReplayer.replay(env.historyJson(run.runId()), Checkout.class);
 * }
 * }</pre>
 *
 * <p>Activities heartbeat here as on a real engine, and the settable clock drives their heartbeat
 * timeouts: each tick first writes the heartbeats the running attempts made, then sweeps, so an
 * attempt that made no heartbeat within its timeout (on this clock) fails and is retried with its
 * last details. A run whose activity stalls must be started with {@code client().start(...)}, which
 * does not wait for the engine to settle (a stalled attempt keeps it busy until it is timed out):
 *
 * <pre>{@code
 * RunHandle<String> run = env.client().start(Import.class, file).toCompletionStage().toCompletableFuture().get();
 * stalled.await();                                    // attempt 1 heartbeated, then hangs
 * env.advanceWithoutSettling(Duration.ofSeconds(31)); // past its 30 s heartbeat timeout: it stops
 * assertThat(env.result(run)).isEqualTo(...);          // attempt 2 resumes from the last heartbeat
 * }</pre>
 *
 * <p>External completion works too: the attempt's token ({@code ActivityContext#completionToken})
 * is completed with {@link #completeActivity} or failed with {@link #failActivity}; a run waiting
 * only for one is driven to its start-to-close timeout by {@link #result}.
 *
 * <p>Paranoid mode ({@link Builder#paranoid}, or {@code -Dcontinuum.paranoid=true}, or the
 * environment variable {@code CONTINUUM_PARANOID=1}) replays every finished run from its history
 * and fails the test on any difference, and checks every snapshot a resumption uses against the
 * full history ({@link EngineOptions#withParanoidSnapshots}).
 */
public final class TestEnvironment implements AutoCloseable {

  /** Where the clock starts unless told otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final SettableClock clock;
  private final InMemoryJournal journal;
  private final Engine engine;
  private final WorkflowRegistry workflows;
  private final PayloadCodec codec;
  private final boolean paranoid;
  private final int maxChildDepth;
  private final List<String> verified = new ArrayList<>();

  private TestEnvironment(Builder b) {
    this.clock = new SettableClock(b.start);
    this.journal = InMemoryJournal.create(clock);
    this.workflows = b.workflows;
    this.codec = b.codec;
    this.paranoid = b.paranoid;
    this.maxChildDepth = b.options.maxChildDepth();
    var builder =
        Engine.builder()
            .journal(journal)
            .codec(codec)
            // paranoid mode also checks every snapshot a resumption uses against the full history
            .options(b.paranoid ? b.options.withParanoidSnapshots(true) : b.options)
            .determinism(b.determinism);
    workflows.all().forEach(builder::workflow);
    b.activities.forEach(builder::activity);
    this.engine = builder.build();
    this.vertx = Vertx.vertx();
    try {
      Blocking.join(engine.deploy(vertx), WAIT);
    } catch (RuntimeException | Error e) {
      vertx.close();
      throw e;
    }
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  public Continuum client() {
    return engine.client();
  }

  /** Starts a run, drives it to its end (skipping time) and returns its result. */
  public <I, O, W extends Workflow<I, O>> O startSynchronous(Class<W> workflow, I input) {
    return result(start(workflow, input));
  }

  /** Starts a run and lets the engine settle; time does not move. */
  public <I, O, W extends Workflow<I, O>> RunHandle<O> start(Class<W> workflow, I input) {
    return start(workflow, input, StartOptions.defaults());
  }

  /** Starts a run with options and lets the engine settle; time does not move. */
  public <I, O, W extends Workflow<I, O>> RunHandle<O> start(
      Class<W> workflow, I input, StartOptions options) {
    RunHandle<O> handle = Blocking.join(engine.client().start(workflow, input, options), WAIT);
    settle();
    return handle;
  }

  /** Signal-with-start ({@link Continuum#signalWithStart}), then lets the engine settle. */
  public <I, O, W extends Workflow<I, O>> RunHandle<O> signalWithStart(
      Class<W> workflow, I input, StartOptions options, String signalName, Object payload) {
    RunHandle<O> handle =
        Blocking.join(
            engine.client().signalWithStart(workflow, input, options, signalName, payload), WAIT);
    settle();
    return handle;
  }

  /** Starts a run by workflow type name (for definitions registered as lambdas). */
  public RunHandle<Object> start(String workflowType, Object input) {
    RunHandle<Object> handle =
        Blocking.join(engine.client().start(workflowType, input, StartOptions.defaults()), WAIT);
    settle();
    return handle;
  }

  /**
   * Drives the run to its end, skipping time to the next due timer or retry whenever the engine is
   * idle, and returns its result (or throws what {@link Continuum#await} fails with).
   *
   * @throws IllegalStateException when the run waits for something only the test can provide
   */
  public <O> O result(RunHandle<O> handle) {
    runToEnd(handle.ref().key());
    return Blocking.join(handle.result(), WAIT);
  }

  /**
   * Like {@link #result}, for any run; returns its final description (of its continue-as-new
   * chain's last run, when it continued: the chain is driven to its end). Here and in every method
   * of this class a run is named by its {@linkplain RunRef#key() key}: its id in the default
   * namespace, {@code "<namespace>/<id>"} in another.
   */
  public RunDescription runToEnd(String runKey) {
    String runId = runKey;
    long deadline = System.nanoTime() + WAIT.toNanos();
    int stalled = 0;
    int lastSeq = -1;
    while (true) {
      settle();
      RunRecord r = Blocking.join(journal.run(runId), WAIT);
      if (r.state() == RunState.CONTINUED) {
        verify(r);
        runId = Blocking.join(journal.tip(runId), WAIT).runId();
        lastSeq = -1;
        continue;
      }
      if (r.state().isTerminal()) {
        verify(r);
        return getRun(runKey);
      }
      if (r.state() == RunState.DRIFTED) {
        throw new IllegalStateException("run " + runId + " drifted: " + r.drift());
      }
      Optional<Instant> next = journal.nextDueAt();
      if (next.isEmpty()) {
        throw new IllegalStateException(
            "run "
                + runId
                + " is "
                + r.state().wireName()
                + " and nothing is due: it waits for a signal (see injectSignal) or a cancel");
      }
      boolean moved = next.get().isAfter(clock.instant());
      if (moved) {
        clock.set(next.get());
      }
      stalled = !moved && r.lastSeq() == lastSeq ? stalled + 1 : 0;
      lastSeq = r.lastSeq();
      if (stalled > 3 || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "run "
                + runId
                + " makes no progress: work is due at "
                + next.get()
                + " but nothing takes it (an activity type no one registered?)");
      }
      Blocking.join(engine.tick(), WAIT);
    }
  }

  /** Delivers a signal and lets the engine settle. */
  public void injectSignal(String runId, String name, Object payload) {
    Blocking.join(clientOf(runId).signal(RunRef.idOf(runId), name, payload), WAIT);
    settle();
  }

  /**
   * Completes an externally completing activity attempt by its token ({@link
   * Continuum#completeActivity}) and lets the engine settle.
   */
  public void completeActivity(String token, Object result) {
    Blocking.join(engine.client().completeActivity(token, result), WAIT);
    settle();
  }

  /** Fails an externally completing activity attempt by its token and lets the engine settle. */
  public void failActivity(String token, String message) {
    Blocking.join(engine.client().failActivity(token, message), WAIT);
    settle();
  }

  /** Cancels a run and lets the engine settle. */
  public void cancel(String runId) {
    Blocking.join(clientOf(runId).cancel(RunRef.idOf(runId)), WAIT);
    settle();
  }

  /** Moves time forward, runs every duty that came due, and lets the engine settle. */
  public void advance(Duration duration) {
    clock.advance(duration);
    Blocking.join(engine.tick(), WAIT);
    settle();
  }

  /**
   * Moves time forward and runs every duty that came due (heartbeat writes, the sweep that times
   * out attempts, timers, claims) without waiting for the engine to settle: for a test whose
   * activity stalls on purpose, which {@link #advance} would wait for.
   */
  public void advanceWithoutSettling(Duration duration) {
    clock.advance(duration);
    Blocking.join(engine.tick(), WAIT);
  }

  /** Moves time to the run's next timer (if it is in the future) and fires what is due. */
  public boolean fireTimer(String runId) {
    var timer = journal.nextTimerOf(runId);
    if (timer.isEmpty()) {
      return false;
    }
    if (timer.get().fireAt().isAfter(clock.instant())) {
      clock.set(timer.get().fireAt());
    }
    Blocking.join(engine.tick(), WAIT);
    settle();
    return true;
  }

  /** Waits until the engine has no work in flight. */
  public void settle() {
    Blocking.join(engine.idle(), WAIT);
  }

  public RunDescription getRun(String runId) {
    return Blocking.join(clientOf(runId).getRun(RunRef.idOf(runId)), WAIT);
  }

  private Continuum clientOf(String runKey) {
    return engine.client().inNamespace(RunRef.namespaceOf(runKey));
  }

  /** Asks the run a query ({@link io.continuum.WorkflowContext#onQuery}); writes nothing. */
  public <T> T query(String runId, String name, Class<T> type) {
    return Blocking.join(clientOf(runId).query(RunRef.idOf(runId), name, type), WAIT);
  }

  /**
   * Sends the run an update ({@link io.continuum.WorkflowContext#onUpdate}) and returns its answer
   * once the step that applied it committed; throws what {@link Continuum#update} fails with.
   */
  public <T> T update(String runId, String name, Object input, Class<T> type) {
    return update(runId, name, input, type, UpdateOptions.defaults());
  }

  /** Sends an update with these options (an update id to retry with, a timeout). */
  public <T> T update(
      String runId, String name, Object input, Class<T> type, UpdateOptions options) {
    T answer =
        Blocking.join(clientOf(runId).update(RunRef.idOf(runId), name, input, type, options), WAIT);
    settle();
    return answer;
  }

  /** Update-with-start ({@link Continuum#updateWithStart}), then lets the engine settle. */
  public <I, T, W extends Workflow<I, ?>> T updateWithStart(
      Class<W> workflow,
      I input,
      StartOptions options,
      String name,
      Object updateInput,
      Class<T> type) {
    T answer =
        Blocking.join(
            engine
                .client()
                .updateWithStart(
                    workflow, input, options, name, updateInput, type, UpdateOptions.defaults()),
            WAIT);
    settle();
    return answer;
  }

  public List<HistoryEvent> history(String runId) {
    return Blocking.join(journal.history(runId, 0), WAIT);
  }

  /** The run's history in the golden-history format of {@link WorkflowReplayer}. */
  public String historyJson(String runId) {
    return EventCodec.encodeHistory(history(runId));
  }

  public Instant now() {
    return clock.instant();
  }

  public SettableClock clock() {
    return clock;
  }

  public InMemoryJournal journal() {
    return journal;
  }

  public Engine engine() {
    return engine;
  }

  public Vertx vertx() {
    return vertx;
  }

  // Paranoid mode: a finished run must replay from its history to the same end.
  private void verify(RunRecord r) {
    if (!paranoid || verified.contains(r.runId())) {
      return;
    }
    verified.add(r.runId());
    try {
      WorkflowReplayer.replay(
          history(r.runId()),
          workflows.get(r.workflowType()),
          codec,
          new ChildSettings(maxChildDepth, type -> null));
    } catch (ReplayDriftError e) {
      throw new AssertionError(
          "paranoid replay of run " + r.runId() + " differs: " + e.getMessage(), e);
    }
  }

  /** Verifies every finished run (in paranoid mode), then stops the engine and Vert.x. */
  @Override
  public void close() {
    try {
      for (String runId : journal.runIds()) {
        RunRecord r = Blocking.join(journal.run(runId), WAIT);
        if (r.state().isTerminal()) {
          verify(r);
        }
      }
    } finally {
      try {
        Blocking.join(engine.undeploy(), WAIT);
      } finally {
        Blocking.join(vertx.close(), WAIT);
      }
    }
  }

  /**
   * Builds a {@link TestEnvironment}.
   *
   * <pre>{@code
   * TestEnvironment.builder().workflow(Checkout.class).activity(new ChargeCard()).paranoid(true).build();
   * }</pre>
   */
  public static final class Builder {
    private final WorkflowRegistry workflows = new WorkflowRegistry();
    private final List<ActivityDefinition<?, ?>> activities = new ArrayList<>();
    private PayloadCodec codec = JacksonPayloadCodec.create();
    private Instant start = DEFAULT_START;
    private boolean paranoid =
        Boolean.getBoolean("continuum.paranoid") || "1".equals(System.getenv("CONTINUUM_PARANOID"));
    // Periodic duties are driven by ticks, so the real-time pollers stay out of the way.
    private EngineOptions options =
        EngineOptions.defaults()
            .withNodeId("test")
            .withPollInterval(Duration.ofHours(1))
            .withHostInstances(2);
    private DeterminismOptions determinism = DeterminismOptions.defaults();

    private Builder() {}

    public <W extends Workflow<?, ?>> Builder workflow(Class<W> workflow) {
      workflows.register(WorkflowDefinition.of(workflow));
      return this;
    }

    public <W extends Workflow<?, ?>> Builder workflow(Class<W> workflow, Supplier<W> factory) {
      workflows.register(WorkflowDefinition.of(workflow, factory));
      return this;
    }

    public Builder workflow(WorkflowDefinition definition) {
      workflows.register(definition);
      return this;
    }

    public Builder activity(ActivityDefinition<?, ?> activity) {
      activities.add(activity);
      return this;
    }

    public Builder codec(PayloadCodec codec) {
      this.codec = codec;
      return this;
    }

    /** Where the clock starts. */
    public Builder startAt(Instant start) {
      this.start = start;
      return this;
    }

    /** Replays every finished run and fails on a difference. */
    public Builder paranoid(boolean paranoid) {
      this.paranoid = paranoid;
      return this;
    }

    public Builder options(EngineOptions options) {
      this.options = options;
      return this;
    }

    /**
     * How the engine checks the workflows for non-determinism (default: errors fail {@link
     * #build()}); see {@code Engine.Builder.determinism}.
     */
    public Builder determinism(DeterminismOptions determinism) {
      this.determinism = determinism;
      return this;
    }

    /** Deploys the engine on a fresh Vert.x; close the environment to stop both. */
    public TestEnvironment build() {
      return new TestEnvironment(this);
    }
  }
}
