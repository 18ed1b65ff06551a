package io.continuum.server;

import io.continuum.cluster.ClusterOptions;
import io.continuum.cluster.ContinuumCluster;
import io.continuum.http.HttpApiOptions;
import io.continuum.http.HttpApiVerticle;
import io.continuum.journal.Journal;
import io.continuum.journal.memory.InMemoryJournal;
import io.continuum.observer.ObserverOptions;
import io.continuum.observer.ObserverUi;
import io.continuum.pg.Migrator;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running Continuum server: a {@link Vertx} (in a Hazelcast cluster when the settings name one),
 * the journal, the engine and the REST API, built from {@link ServerSettings}, with one Prometheus
 * registry shared by the engine, the journal and {@code /metrics}. {@link #start} blocks until
 * everything listens; {@link #close} stops it gracefully, and leaves the cluster.
 *
 * <pre>{@code
 * try (ServerAssembly server = ServerAssembly.start(settings)) {
 *   System.out.println("api: " + server.apiBase());      // http://127.0.0.1:8080/v1
 *   ...
 * }
 * }</pre>
 */
public final class ServerAssembly implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  // Continuum keeps nothing in Hazelcast's CP data structures (Postgres holds every truth), so
  // Hazelcast's warning at each start that its CP Subsystem is off would only read as a fault.
  // java.util.logging holds its loggers weakly: this reference keeps the level set.
  private static final Logger HAZELCAST_CP_SUBSYSTEM =
      Logger.getLogger("com.hazelcast.cp.CPSubsystem");

  private final Vertx vertx;
  private final PrometheusMeterRegistry prometheus;
  private final List<String> migrationsApplied;
  private final Journal journal;
  private final ServerSettings settings;
  private final EngineOptions options;
  private final URI apiBase;
  private volatile Engine engine;
  private volatile String apiDeployment;

  private ServerAssembly(
      Vertx vertx,
      PrometheusMeterRegistry prometheus,
      List<String> migrationsApplied,
      Journal journal,
      ServerSettings settings,
      EngineOptions options,
      Engine engine,
      URI apiBase,
      String apiDeployment) {
    this.vertx = vertx;
    this.prometheus = prometheus;
    this.migrationsApplied = migrationsApplied;
    this.journal = journal;
    this.settings = settings;
    this.options = options;
    this.engine = engine;
    this.apiBase = apiBase;
    this.apiDeployment = apiDeployment;
  }

  /**
   * Builds and starts a server; on failure everything started so far is stopped again.
   *
   * @throws ConfigException when the settings name classes that cannot be registered
   */
  public static ServerAssembly start(ServerSettings settings) {
    return start(settings, builder -> {});
  }

  /** Starts a server whose engine also gets what {@code code} registers (dev's user code). */
  static ServerAssembly start(ServerSettings settings, Consumer<Engine.Builder> code) {
    EngineOptions options =
        settings
            .engine()
            .applyTo(
                settings.nodeId() == null
                    ? EngineOptions.defaults()
                    : EngineOptions.defaults().withNodeId(settings.nodeId()));
    var prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx;
    try {
      vertx = instrumentedVertx(prometheus, settings.cluster(), options.nodeId());
    } catch (RuntimeException e) {
      prometheus.close();
      throw e;
    }
    Journal journal = null;
    Engine engine = null;
    try {
      List<String> applied = List.of();
      if (settings.journal() instanceof JournalSettings.Postgres pg && pg.migrate()) {
        applied =
            Await.result(
                Migrator.migrate(vertx, PgUrl.quiet(pg.connect())), START_TIMEOUT, "migration");
      }
      journal = openJournal(vertx, settings.journal(), prometheus, options.nodeId());
      Engine built = engine(settings, options, journal, prometheus, code);
      Await.result(built.deploy(vertx), START_TIMEOUT, "engine start");
      engine = built;
      var api =
          new HttpApiVerticle(
              engine,
              apiOptions(settings).withApiKeys(settings.apiKeys()).withPrometheus(prometheus),
              List.of(observer(engine, settings)));
      String deployment;
      try {
        deployment = Await.result(vertx.deployVerticle(api), START_TIMEOUT, "REST API start");
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "could not listen on "
                + settings.host()
                + ":"
                + settings.port()
                + ": "
                + rootMessage(e),
            e);
      }
      URI base = URI.create("http://" + displayHost(settings.host()) + ":" + api.actualPort());
      return new ServerAssembly(
          vertx, prometheus, applied, journal, settings, options, engine, base, deployment);
    } catch (RuntimeException e) {
      try {
        stop(vertx, prometheus, journal, engine);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static Engine engine(
      ServerSettings settings,
      EngineOptions options,
      Journal journal,
      PrometheusMeterRegistry prometheus,
      Consumer<Engine.Builder> code) {
    Engine.Builder builder =
        Engine.builder().journal(journal).meterRegistry(prometheus).options(options);
    if (settings.examples()) {
      Examples.register(builder);
    }
    UserCode.register(builder, settings.workflows(), settings.activities());
    code.accept(builder);
    return builder.build();
  }

  /**
   * Swaps the engine for one built with what {@code code} registers now (dev's hot reload): the API
   * stops taking requests, the engine finishes its steps and releases its leases, the new one
   * starts (and claims the runs with work waiting), and the API listens again on the same port.
   * Called from one thread at a time, never an event loop.
   */
  void replaceEngine(Consumer<Engine.Builder> code) {
    Engine next = engine(settings, options, journal, prometheus, code); // fails before any stop
    Await.result(vertx.undeploy(apiDeployment), STOP_TIMEOUT, "REST API stop");
    try {
      Await.result(engine.undeploy(), STOP_TIMEOUT, "engine stop");
      Await.result(next.deploy(vertx), START_TIMEOUT, "engine start");
      engine = next;
      var api =
          new HttpApiVerticle(
              next,
              apiOptions(settings)
                  .withPort(apiBase.getPort())
                  .withApiKeys(settings.apiKeys())
                  .withPrometheus(prometheus),
              List.of(observer(next, settings)));
      apiDeployment = Await.result(vertx.deployVerticle(api), START_TIMEOUT, "REST API start");
    } catch (RuntimeException e) {
      throw new RestartFailed(
          "the server could not start again after stopping for the reload (restart it): "
              + message(e),
          e);
    }
  }

  /** The engine was stopped for a swap and could not start again. */
  static final class RestartFailed extends RuntimeException {
    RestartFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  // The JVM and the process (memory, GC, threads, class loading, CPU, uptime, file
  // descriptors), and Vert.x's own meters: HTTP server requests by route, method and status,
  // every pool (the journal's connections among them), the event bus; in a cluster, how many
  // members this node sees.
  private static Vertx instrumentedVertx(
      PrometheusMeterRegistry prometheus, ClusterOptions cluster, String nodeId) {
    new FileDescriptorMetrics().bindTo(prometheus);
    var metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setLabels(
                EnumSet.of(
                    Label.HTTP_METHOD,
                    Label.HTTP_CODE,
                    Label.HTTP_ROUTE,
                    Label.POOL_TYPE,
                    Label.POOL_NAME));
    var vertxOptions = new VertxOptions().setMetricsOptions(metrics);
    var factory = new MicrometerMetricsFactory(prometheus);
    if (cluster == null) {
      return Vertx.builder().with(vertxOptions).withMetrics(factory).build();
    }
    HAZELCAST_CP_SUBSYSTEM.setLevel(Level.SEVERE);
    Vertx vertx;
    try {
      vertx =
          Await.result(
              ContinuumCluster.start(cluster, vertxOptions, factory),
              START_TIMEOUT,
              "cluster join");
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "could not join the cluster "
              + cluster.clusterName()
              + " on "
              + cluster.host()
              + ":"
              + cluster.port()
              + ": "
              + rootMessage(e),
          e);
    }
    Gauge.builder("continuum.cluster.members", vertx, v -> ContinuumCluster.members(v).size())
        .description("Members of the Hazelcast cluster, as this node sees them")
        .tag("node", nodeId)
        .register(prometheus);
    return vertx;
  }

  // The web observer on the API's server; its cookie is Secure unless the server listens on
  // loopback only (a browser sends no Secure cookie over plain http://127.0.0.1).
  private static ObserverUi observer(Engine engine, ServerSettings settings) {
    return ObserverUi.create(
        engine,
        ObserverOptions.defaults()
            .withApiKeys(settings.apiKeys())
            .withSecureCookies(!isLoopback(settings.host())));
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
  }

  /** A path that logs a browser in once as {@code key}: {@code /ui/login?once=…}. */
  String loginLink(io.continuum.http.ApiKey key) {
    return Await.result(observer(engine, settings).loginLink(key), START_TIMEOUT, "login link");
  }

  private static HttpApiOptions apiOptions(ServerSettings settings) {
    var options = HttpApiOptions.defaults().withHost(settings.host()).withPort(settings.port());
    if (settings.managementPort() >= 0) {
      options = options.withManagementPort(settings.managementHost(), settings.managementPort());
    }
    return settings.requestTimeout() == null
        ? options
        : options.withRequestTimeout(settings.requestTimeout());
  }

  private static Journal openJournal(
      Vertx vertx, JournalSettings settings, PrometheusMeterRegistry registry, String nodeId) {
    if (settings instanceof JournalSettings.Postgres pg) {
      PgJournalOptions options = PgJournalOptions.defaults().withListen(pg.listen());
      if (pg.poolSize() > 0) {
        options = options.withPoolSize(pg.poolSize());
      }
      if (pg.statementTimeout() != null) {
        options = options.withStatementTimeout(pg.statementTimeout());
      }
      if (pg.lockTimeout() != null) {
        options = options.withLockTimeout(pg.lockTimeout());
      }
      PgJournal journal =
          Await.result(
              PgJournal.create(vertx, pg.connect(), options), START_TIMEOUT, "journal start");
      return journal.bindTo(registry, nodeId);
    }
    return InMemoryJournal.create();
  }

  /** The REST API's base, e.g. {@code http://127.0.0.1:8080} (routes are under {@code /v1}). */
  public URI apiBase() {
    return apiBase;
  }

  /** The migrations applied while starting (empty unless the journal settings asked to migrate). */
  public List<String> migrationsApplied() {
    return migrationsApplied;
  }

  /** The engine. */
  public Engine engine() {
    return engine;
  }

  /**
   * Where this node is in its cluster, for a banner: {@code orders-prod as 10.0.0.5:5701, members
   * [10.0.0.5:5701, 10.0.0.6:5701]; in the cluster now: 10.0.0.5:5701}; empty when it runs alone.
   */
  public Optional<String> clusterDescription() {
    if (settings.cluster() == null) {
      return Optional.empty();
    }
    return Optional.of(
        ClusterConfig.describe(settings.cluster(), ContinuumCluster.localMember(vertx))
            + "; in the cluster now: "
            + String.join(", ", ContinuumCluster.members(vertx)));
  }

  /** The Vert.x the engine and the API run on (its event bus carries the notifications). */
  Vertx vertx() {
    return vertx;
  }

  /**
   * Stops gracefully: the API stops taking requests, the engine finishes its steps and releases its
   * leases, then the journal and Vert.x close.
   */
  @Override
  public void close() {
    try {
      Await.result(vertx.undeploy(apiDeployment), STOP_TIMEOUT, "REST API stop");
    } finally {
      stop(vertx, prometheus, journal, engine);
    }
  }

  private static void stop(
      Vertx vertx, PrometheusMeterRegistry prometheus, Journal journal, Engine engine) {
    try {
      if (engine != null) {
        Await.result(engine.undeploy(), STOP_TIMEOUT, "engine stop");
      }
      if (journal instanceof PgJournal pg) {
        Await.result(pg.close(), STOP_TIMEOUT, "journal close");
      }
    } finally {
      Await.result(vertx.close(), STOP_TIMEOUT, "Vert.x close");
      prometheus.close();
    }
  }

  private static String displayHost(String host) {
    return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return message(root);
  }

  static String message(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
