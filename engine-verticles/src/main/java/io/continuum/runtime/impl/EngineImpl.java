package io.continuum.runtime.impl;

import io.continuum.ActivityDefinition;
import io.continuum.Continuum;
import io.continuum.UnsupportedVertxVersion;
import io.continuum.core.payload.PayloadCodec;
import io.continuum.core.replay.WorkflowRegistry;
import io.continuum.journal.Journal;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.continuum.runtime.SupportedVertx;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The {@link Engine} implementation: wires the shared runtime, deploys the verticles in dependency
 * order and undeploys them in reverse (hosts release their leases before the keeper stops). Public
 * only so that {@link Engine.Builder} can reach it; not an API.
 */
public final class EngineImpl implements Engine {
  private static final String CURSOR_KEY = "run-cursors";

  private final Journal journal;
  private final PayloadCodec codec;
  private final EngineOptions options;
  private final WorkflowRegistry workflows;
  private final ActivityRegistry activities;
  private final String owner;
  private final MeterRegistry meters;
  private final List<String> deployments = new ArrayList<>();
  private EngineRuntime rt;
  private ContinuumClient client;

  public EngineImpl(
      Journal journal,
      PayloadCodec codec,
      EngineOptions options,
      WorkflowRegistry workflows,
      List<ActivityDefinition<?, ?>> activities,
      MeterRegistry meters) {
    this.journal = journal;
    this.meters = meters;
    this.codec = codec;
    this.options = options;
    this.workflows = workflows;
    this.activities = new ActivityRegistry(activities);
    this.owner =
        options.nodeId()
            + "/"
            + options.instance()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public Future<Engine> deploy(Vertx vertx) {
    if (rt != null) {
      return Future.failedFuture(new IllegalStateException("the engine is already deployed"));
    }
    try {
      SupportedVertx.require();
    } catch (UnsupportedVertxVersion e) {
      return Future.failedFuture(e);
    }
    Messages.registerCodecs(vertx.eventBus());
    int hosts =
        options.hostInstances() > 0
            ? options.hostInstances()
            : 2 * Runtime.getRuntime().availableProcessors();
    var metrics = new EngineMetrics(meters, options.nodeId());
    rt =
        new EngineRuntime(
            vertx,
            new MeteredJournal(journal, metrics),
            codec,
            workflows,
            activities,
            options,
            owner,
            hosts,
            metrics);
    var loaded =
        workflows.versions().stream()
            .filter(d -> d.versionHash() != null)
            .map(
                d ->
                    new io.continuum.journal.LoadedVersion(
                        d.type(), d.versionHash(), d.workflowClass().getName()))
            .toList();
    return rt.journal
        .secret(CURSOR_KEY)
        .compose(
            cursorKey ->
                rt.journal
                    .secret(CompletionTokens.KEY)
                    .map(
                        tokenKey -> {
                          var tokens = new CompletionTokens(tokenKey);
                          rt.attempts.open(tokens);
                          return client =
                              new ContinuumClient(rt, new RunCursors(cursorKey), tokens);
                        }))
        .compose(c -> rt.journal.recordLoadedVersions(options.nodeId(), loaded))
        .compose(v -> deploy(vertx, new LeaseKeeperVerticle(rt)))
        .compose(v -> deployHosts(vertx, hosts))
        .compose(
            v ->
                rt.forwarding == null
                    ? Future.<Void>succeededFuture()
                    : deploy(vertx, rt.forwarding))
        .compose(v -> deploy(vertx, new TimerWheelVerticle(rt)))
        .compose(v -> deploy(vertx, new ActivityWorkerVerticle(rt)))
        .compose(v -> deploy(vertx, new DispatcherVerticle(rt)))
        .compose(v -> rt.journal.listen(rt.router))
        .compose(v -> rt.awaits.start())
        .compose(v -> deploy(vertx, new RecoveryVerticle(rt)))
        .compose(v -> deploy(vertx, new StatsVerticle(rt)))
        .map(v -> (Engine) this);
  }

  // One deployment per host: each gets its own event loop and its own address (by index).
  private Future<Void> deployHosts(Vertx vertx, int hosts) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < hosts; i++) {
      int index = i;
      chain = chain.compose(v -> deploy(vertx, new RunHostVerticle(rt, index)));
    }
    return chain;
  }

  private Future<Void> deploy(Vertx vertx, io.vertx.core.Deployable verticle) {
    return deploy(vertx.deployVerticle(verticle));
  }

  private Future<Void> deploy(Future<String> deployment) {
    return deployment.map(
        id -> {
          deployments.add(id);
          return null;
        });
  }

  @Override
  public Future<Void> undeploy() {
    if (rt == null) {
      return Future.succeededFuture();
    }
    List<String> reverse = new ArrayList<>(deployments);
    Collections.reverse(reverse);
    Future<Void> chain = rt.journal.unlisten(rt.router).compose(v -> rt.awaits.stop());
    for (String id : reverse) {
      chain = chain.compose(v -> rt.vertx.undeploy(id));
    }
    return chain.andThen(
        ar -> {
          deployments.clear();
          rt.attempts.close();
        });
  }

  /** The shared runtime, for tests of this package (null until deployed). */
  EngineRuntime runtime() {
    return rt;
  }

  @Override
  public Continuum client() {
    if (client == null) {
      throw new IllegalStateException("deploy the engine first");
    }
    return client;
  }

  @Override
  public java.util.Collection<io.continuum.core.replay.WorkflowDefinition> workflows() {
    return workflows.all();
  }

  @Override
  public java.util.List<io.continuum.core.replay.WorkflowDefinition> workflowVersions() {
    return workflows.versions();
  }

  @Override
  public Journal journal() {
    return journal;
  }

  @Override
  public EngineOptions options() {
    return options;
  }

  @Override
  public String owner() {
    return owner;
  }

  @Override
  public Future<Void> tick() {
    EngineAddresses a = rt.addresses;
    Future<Void> hosts = Future.succeededFuture();
    for (int i = 0; i < a.hosts(); i++) {
      String host = a.host(i);
      hosts = hosts.compose(v -> rt.request(host, Messages.DUTY));
    }
    return hosts
        .compose(v -> rt.request(a.keeper(), Messages.DUTY))
        .compose(v -> rt.request(a.recovery(), Messages.DUTY))
        .compose(v -> rt.request(a.wheel(), Messages.DUTY))
        .compose(v -> rt.request(a.worker(), Messages.DUTY))
        .compose(v -> rt.request(a.dispatcher(), Messages.DUTY))
        .compose(v -> rt.request(a.stats(), Messages.DUTY))
        .mapEmpty();
  }

  @Override
  public Future<Void> idle() {
    return rt.tracker.idle();
  }
}
