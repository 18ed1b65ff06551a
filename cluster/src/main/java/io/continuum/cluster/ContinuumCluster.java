package io.continuum.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Objects;

/**
 * Starts a clustered Vert.x on Hazelcast, so that the engine's notifications ({@link
 * io.continuum.runtime.Addresses}) reach every node. Hazelcast carries messages, never truth: run
 * ownership stays with the journal's leases.
 *
 * <pre>{@code
 * ContinuumCluster.start(ClusterOptions.defaults().withMembers(List.of("10.0.0.5", "10.0.0.6")))
 *     .compose(vertx -> engine.deploy(vertx))
 *     .onFailure(err -> log.error("cannot join the cluster", err));
 * ...
 * engine.undeploy().compose(v -> vertx.close());   // closing Vert.x leaves the cluster
 *
 * ContinuumCluster.members(vertx);   // [10.0.0.5:5701, 10.0.0.6:5701], oldest first
 * }</pre>
 *
 * <p>Hazelcast's JVM shutdown hook is off: close the Vert.x when the process stops (a node that
 * exits without closing it drops out like a crashed one).
 *
 * <p>On Java 9+ Hazelcast wants access to some JDK internals and warns without it; give the JVM the
 * {@code --add-opens}/{@code --add-exports} flags the surefire configuration of this module lists.
 * Hazelcast's static loggers read the {@code hazelcast.logging.type} system property; {@link
 * ClusterOptions#logging()} sets the member's.
 */
public final class ContinuumCluster {

  private ContinuumCluster() {}

  /** Joins the cluster with default Vert.x options. */
  public static Future<Vertx> start(ClusterOptions options) {
    return start(options, new VertxOptions());
  }

  /**
   * Joins the cluster; {@code vertxOptions} are copied, and their event-bus host and port set from
   * {@code options}.
   */
  public static Future<Vertx> start(ClusterOptions options, VertxOptions vertxOptions) {
    return start(options, vertxOptions, null);
  }

  /**
   * Joins the cluster with a Vert.x whose meters {@code metrics} makes (Vert.x 5 takes a metrics
   * factory from its builder, not from its options), or none when it is null; {@code vertxOptions}
   * are copied, and their event-bus host and port set from {@code options}.
   */
  public static Future<Vertx> start(
      ClusterOptions options, VertxOptions vertxOptions, VertxMetricsFactory metrics) {
    Objects.requireNonNull(options, "options");
    VertxOptions copy = new VertxOptions(Objects.requireNonNull(vertxOptions, "vertxOptions"));
    EventBusOptions bus = copy.getEventBusOptions();
    if (options.host() != null) {
      bus.setHost(options.host());
    }
    bus.setPort(options.eventBusPort());
    Config config;
    try {
      config = hazelcastConfig(options);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    VertxBuilder builder =
        Vertx.builder().with(copy).withClusterManager(new HazelcastClusterManager(config));
    if (metrics != null) {
      builder.withMetrics(metrics);
    }
    return builder.buildClustered();
  }

  /**
   * The members of the cluster {@code vertx} is in, each as {@code host:port} (its Hazelcast
   * address), oldest first; empty once {@code vertx} has left. Reads Hazelcast's local view: no
   * network call, so a metrics scrape on an event loop may ask.
   *
   * @throws IllegalArgumentException when {@code vertx} was not started by {@link #start}
   */
  public static List<String> members(Vertx vertx) {
    HazelcastInstance hazelcast = hazelcast(vertx);
    if (hazelcast == null || !hazelcast.getLifecycleService().isRunning()) {
      return List.of();
    }
    return hazelcast.getCluster().getMembers().stream().map(ContinuumCluster::address).toList();
  }

  /**
   * This member's Hazelcast address, {@code host:port}: the port it took, which with {@link
   * ClusterOptions#portAutoIncrement()} may be above the one asked for.
   *
   * @throws IllegalArgumentException when {@code vertx} was not started by {@link #start}
   * @throws IllegalStateException once {@code vertx} has left the cluster
   */
  public static String localMember(Vertx vertx) {
    HazelcastInstance hazelcast = hazelcast(vertx);
    if (hazelcast == null || !hazelcast.getLifecycleService().isRunning()) {
      throw new IllegalStateException("this Vert.x has left its cluster");
    }
    return address(hazelcast.getCluster().getLocalMember());
  }

  // Vert.x keeps its cluster manager behind its internal interface; there is no public getter.
  private static HazelcastInstance hazelcast(Vertx vertx) {
    if (vertx instanceof VertxInternal internal
        && internal.clusterManager() instanceof HazelcastClusterManager manager) {
      return manager.getHazelcastInstance();
    }
    throw new IllegalArgumentException("this Vert.x is not clustered on Hazelcast");
  }

  private static String address(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort();
  }

  /**
   * The Hazelcast configuration {@link #start} uses: Vert.x's own ({@code cluster.xml} on the
   * classpath, else vertx-hazelcast's default, which declares the maps Vert.x needs) with the
   * options' name, network, join and logging applied.
   */
  public static Config hazelcastConfig(ClusterOptions options) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(options.clusterName());
    config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), options.logging());
    config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
    // The member leaves when its Vert.x closes, after the engine has given back its leases;
    // Hazelcast's own JVM shutdown hook would end it first, under an engine still stopping.
    config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(options.port()).setPortAutoIncrement(options.portAutoIncrement());
    if (options.host() != null) {
      network.getInterfaces().setEnabled(true).addInterface(options.host());
      config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
    }

    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    boolean tcp = !options.members().isEmpty();
    join.getMulticastConfig().setEnabled(!tcp);
    join.getTcpIpConfig().setEnabled(tcp).setMembers(options.members());

    if (options.quickJoin()) {
      join.getTcpIpConfig().setConnectionTimeoutSeconds(1);
      config.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), "0");
      config.setProperty(ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN.getName(), "0");
      config.setProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(), "1");
      config.setProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(), "5");
      config.setProperty(ClusterProperty.GRACEFUL_SHUTDOWN_MAX_WAIT.getName(), "5");
    }
    return config;
  }
}
