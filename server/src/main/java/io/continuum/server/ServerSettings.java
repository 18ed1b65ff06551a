package io.continuum.server;

import io.continuum.cluster.ClusterOptions;
import io.continuum.http.ApiKeys;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link ServerAssembly} needs, resolved from flags, a config file and the
 * environment.
 *
 * <pre>{@code
 * var settings = new ServerSettings("0.0.0.0", 8080,
 *     new JournalSettings.Postgres(PgConnectOptions.fromUri(url), 16, false, true),
 *     ApiKeys.read(Path.of("keys.json")), "node-a",
 *     List.of("com.acme.Checkout"), List.of("com.acme.ChargeCard"), false);
 * var clustered = new ServerSettings(..., EngineTuning.DEFAULTS,
 *     ClusterOptions.defaults().withHost("10.0.0.5").withMembers(List.of("10.0.0.6:5701")));
 * }</pre>
 *
 * @param host the interface the REST API binds
 * @param port the REST API's port; 0 picks a free one
 * @param journal where runs are kept
 * @param apiKeys the keys the REST API accepts
 * @param nodeId this node's id, or null for a random one
 * @param workflows fully qualified workflow classes to register (public no-argument constructors)
 * @param activities fully qualified activity classes to register (public no-argument constructors)
 * @param examples whether to register the orders example ({@code orders.checkout})
 * @param requestTimeout the REST API's deadline per request, or null for its default (10 s)
 * @param managementHost the interface of the management port
 * @param managementPort a port serving /metrics and /health without keys, or -1 for none
 * @param engine the engine options the config sets
 * @param cluster how this node joins its Hazelcast cluster, or null when it runs alone
 */
public record ServerSettings(
    String host,
    int port,
    JournalSettings journal,
    ApiKeys apiKeys,
    String nodeId,
    List<String> workflows,
    List<String> activities,
    boolean examples,
    Duration requestTimeout,
    String managementHost,
    int managementPort,
    EngineTuning engine,
    ClusterOptions cluster) {

  /** Settings of a node that runs alone. */
  public ServerSettings(
      String host,
      int port,
      JournalSettings journal,
      ApiKeys apiKeys,
      String nodeId,
      List<String> workflows,
      List<String> activities,
      boolean examples,
      Duration requestTimeout,
      String managementHost,
      int managementPort,
      EngineTuning engine) {
    this(
        host,
        port,
        journal,
        apiKeys,
        nodeId,
        workflows,
        activities,
        examples,
        requestTimeout,
        managementHost,
        managementPort,
        engine,
        null);
  }

  /** Settings of a node that runs alone, with the engine's default tuning. */
  public ServerSettings(
      String host,
      int port,
      JournalSettings journal,
      ApiKeys apiKeys,
      String nodeId,
      List<String> workflows,
      List<String> activities,
      boolean examples,
      Duration requestTimeout,
      String managementHost,
      int managementPort) {
    this(
        host,
        port,
        journal,
        apiKeys,
        nodeId,
        workflows,
        activities,
        examples,
        requestTimeout,
        managementHost,
        managementPort,
        EngineTuning.DEFAULTS);
  }

  /** Settings with the REST API's default request deadline. */
  public ServerSettings(
      String host,
      int port,
      JournalSettings journal,
      ApiKeys apiKeys,
      String nodeId,
      List<String> workflows,
      List<String> activities,
      boolean examples) {
    this(
        host,
        port,
        journal,
        apiKeys,
        nodeId,
        workflows,
        activities,
        examples,
        null,
        "127.0.0.1",
        -1);
  }

  /** Validates the settings. */
  public ServerSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(apiKeys, "apiKeys");
    if (port < 0 || port > 65535) {
      throw new ConfigException("port must be between 0 and 65535, not " + port);
    }
    if (managementPort < -1 || managementPort > 65535) {
      throw new ConfigException("management.port must be between 0 and 65535");
    }
    workflows = List.copyOf(workflows);
    activities = List.copyOf(activities);
    engine = engine == null ? EngineTuning.DEFAULTS : engine;
  }
}
