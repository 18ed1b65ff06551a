package io.continuum.runtime;

import io.continuum.Activity;
import io.continuum.ActivityDefinition;
import io.continuum.AsyncActivity;
import io.continuum.Continuum;
import io.continuum.Workflow;
import io.continuum.core.payload.JacksonPayloadCodec;
import io.continuum.core.payload.PayloadCodec;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.core.replay.WorkflowRegistry;
import io.continuum.determinism.DeterminismOptions;
import io.continuum.determinism.impl.Registration;
import io.continuum.journal.Journal;
import io.continuum.journal.memory.InMemoryJournal;
import io.continuum.runtime.impl.EngineImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Continuum engine: the verticles that host runs, dispatch them, run activities, fire timers and
 * keep leases, deployed into <em>your</em> {@link Vertx}. The engine never creates a Vertx.
 *
 * <pre>{@code
 * Engine engine = Engine.builder()
 *     .journal(InMemoryJournal.create())          // or a PgJournal
 *     .workflow(Checkout.class)
 *     .activity(new ChargeCard(gateway))
 *     .options(EngineOptions.defaults().withNodeId("node-a"))
 *     .build();
 * engine.deploy(vertx).onSuccess(e -> e.client().start(Checkout.class, order));
 * ...
 * engine.undeploy();   // graceful: in-flight steps finish, leases are released
 * }</pre>
 */
public interface Engine {

  /** A builder for an engine. */
  static Builder builder() {
    return new Builder();
  }

  /** Deploys the engine's verticles; completes when they all run. */
  Future<Engine> deploy(Vertx vertx);

  /** Undeploys gracefully: steps in flight finish, then every lease is released. */
  Future<Void> undeploy();

  /** The client, usable once deployed. */
  Continuum client();

  /** The journal. */
  Journal journal();

  /** The workflows this engine runs: the newest version of each type, by type name. */
  Collection<WorkflowDefinition> workflows();

  /** Every version of every workflow type this engine runs, oldest first within a type. */
  List<WorkflowDefinition> workflowVersions();

  /** The options. */
  EngineOptions options();

  /** The lease owner string of this engine: {@code node/instance/incarnation}. */
  String owner();

  /**
   * Runs every periodic duty once, now: release runs idle too long, renew leases, requeue expired
   * tasks, fire due timers, claim due tasks and runnable runs. For test kits that move a settable
   * clock; production relies on the periodic timers.
   */
  Future<Void> tick();

  /** Completes when no engine work is in flight (steps, activities, timer firings, claims). */
  Future<Void> idle();

  /**
   * Builds an {@link Engine}.
   *
   * <pre>{@code
   * Engine.builder().journal(journal).workflow(Checkout.class).activity(new ChargeCard()).build();
   * }</pre>
   */
  final class Builder {
    private Journal journal;
    private PayloadCodec codec = JacksonPayloadCodec.create();
    private EngineOptions options = EngineOptions.defaults();
    private MeterRegistry meters = Metrics.globalRegistry;
    private DeterminismOptions determinism = DeterminismOptions.defaults();
    private final WorkflowRegistry workflows = new WorkflowRegistry();
    private final List<ActivityDefinition<?, ?>> activities = new ArrayList<>();

    private Builder() {}

    /** The journal (default: a fresh {@link InMemoryJournal}). */
    public Builder journal(Journal journal) {
      this.journal = Objects.requireNonNull(journal, "journal");
      return this;
    }

    /** The payload codec (default: {@link JacksonPayloadCodec#create()}). */
    public Builder codec(PayloadCodec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    public Builder options(EngineOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Where the engine registers its meters, all tagged {@code node}; Micrometer's global registry
     * unless set. Counters {@code continuum.runs.started|completed|failed|cancelled} and timers
     * {@code continuum.step.latency}, {@code continuum.replay.time} (tag {@code workflow}); timer
     * {@code continuum.journal.latency} (tags {@code op}, {@code outcome}); counter {@code
     * continuum.activity.attempts} (tags {@code activity}, {@code outcome}) and timer {@code
     * continuum.activity.latency} (tag {@code activity}); counters {@code
     * continuum.dispatcher.claims}, {@code continuum.leases.renewed}, {@code
     * continuum.leases.lost}, {@code continuum.tasks.requeued}, {@code continuum.tasks.exhausted},
     * {@code continuum.runs.evicted} (tag {@code reason}: {@code idle} or {@code budget}); gauge
     * {@code continuum.runs.hosted}; timer {@code continuum.timers.lag}.
     *
     * <pre>{@code
     * Engine.builder().meterRegistry(prometheusRegistry).workflow(Checkout.class).build();
     * }</pre>
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meters = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Registers a workflow class with a public no-argument constructor. */
    public <W extends Workflow<?, ?>> Builder workflow(Class<W> workflow) {
      workflows.register(WorkflowDefinition.of(workflow));
      return this;
    }

    /** Registers a workflow class made by {@code factory} (one instance per step). */
    public <W extends Workflow<?, ?>> Builder workflow(Class<W> workflow, Supplier<W> factory) {
      workflows.register(WorkflowDefinition.of(workflow, factory));
      return this;
    }

    /** Registers a workflow definition (for example a named lambda). */
    public Builder workflow(WorkflowDefinition definition) {
      workflows.register(definition);
      return this;
    }

    /** Registers an activity implementation ({@link Activity} or {@link AsyncActivity}). */
    public Builder activity(ActivityDefinition<?, ?> activity) {
      activities.add(Objects.requireNonNull(activity, "activity"));
      return this;
    }

    /**
     * How {@link #build()} checks the registered workflow classes for non-determinism (default:
     * {@link DeterminismOptions.Mode#ENFORCE}, errors fail the build).
     *
     * <pre>{@code
     * Engine.builder().workflow(Legacy.class)
     *     .determinism(DeterminismOptions.defaults().withMode(DeterminismOptions.Mode.WARN))
     *     .build();
     * }</pre>
     */
    public Builder determinism(DeterminismOptions options) {
      this.determinism = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Builds the engine (not deployed yet).
     *
     * @throws io.continuum.NondeterministicWorkflowException when a registered workflow class fails
     *     the determinism check (see {@link #determinism})
     */
    public Engine build() {
      Registration.check(
          workflows.all().stream().<Class<?>>map(WorkflowDefinition::workflowClass).toList(),
          determinism);
      Journal j = journal != null ? journal : InMemoryJournal.create();
      return new EngineImpl(j, codec, options, workflows, activities, meters);
    }
  }
}
