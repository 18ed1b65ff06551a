package io.continuum.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a node joins its cluster: the cluster's name, the address and Hazelcast port this node binds
 * and advertises, the members it contacts (TCP/IP join; none means multicast discovery), the
 * event-bus port, Hazelcast's logging and whether to join with short waits.
 *
 * <pre>{@code
 * // production: two known peers, Hazelcast logging through java.util.logging
 * var options = ClusterOptions.defaults()
 *     .withClusterName("orders-prod")
 *     .withHost("10.0.0.5")
 *     .withMembers(List.of("10.0.0.5:5701", "10.0.0.6:5701"));
 * // tests: two members in one JVM on 127.0.0.1
 * var a = ClusterOptions.loopback("test-42", 15701, List.of(15701, 15702));
 * }</pre>
 *
 * @param clusterName members join only a cluster of the same name
 * @param host the IP address Hazelcast and the event bus bind to and advertise, or null to let them
 *     choose
 * @param port Hazelcast's member port
 * @param portAutoIncrement whether Hazelcast may take a higher port when {@code port} is busy
 * @param members the members to contact, as {@code host} or {@code host:port}; empty for multicast
 *     discovery
 * @param eventBusPort the event bus's TCP port, 0 for any free port
 * @param logging Hazelcast's logging type: {@code jdk} (java.util.logging, like the engine's),
 *     {@code slf4j}, {@code log4j2}, {@code log4j} or {@code none}
 * @param quickJoin join with short waits and timeouts (members on one host or in one JVM), instead
 *     of Hazelcast's defaults, which wait a few seconds for the cluster to settle
 */
public record ClusterOptions(
    String clusterName,
    String host,
    int port,
    boolean portAutoIncrement,
    List<String> members,
    int eventBusPort,
    String logging,
    boolean quickJoin) {

  /** Hazelcast's logging types. */
  public static final Set<String> LOGGING_TYPES = Set.of("jdk", "slf4j", "log4j2", "log4j", "none");

  private static final ClusterOptions DEFAULTS =
      new ClusterOptions("continuum", null, 5701, true, List.of(), 0, "jdk", false);

  /** Validates the options. */
  public ClusterOptions {
    Objects.requireNonNull(clusterName, "clusterName");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("a cluster name must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535, got " + port);
    }
    members = List.copyOf(members);
    if (eventBusPort < 0 || eventBusPort > 65535) {
      throw new IllegalArgumentException("eventBusPort must be 0-65535, got " + eventBusPort);
    }
    if (!LOGGING_TYPES.contains(logging)) {
      throw new IllegalArgumentException(
          "logging must be one of " + LOGGING_TYPES + ", got " + logging);
    }
  }

  /**
   * Cluster {@code continuum}, Hazelcast on port 5701 (or the next free one), multicast discovery,
   * any free event-bus port, Hazelcast logging through java.util.logging.
   */
  public static ClusterOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Members in one JVM or on one host, for tests: everything on 127.0.0.1, this member on exactly
   * {@code port}, TCP/IP join with the members on {@code memberPorts} (this one's may be among
   * them), quick join, no Hazelcast logging.
   */
  public static ClusterOptions loopback(String clusterName, int port, List<Integer> memberPorts) {
    List<String> members = memberPorts.stream().map(p -> "127.0.0.1:" + p).toList();
    return new ClusterOptions(clusterName, "127.0.0.1", port, false, members, 0, "none", true);
  }

  public ClusterOptions withClusterName(String clusterName) {
    return new ClusterOptions(
        clusterName, host, port, portAutoIncrement, members, eventBusPort, logging, quickJoin);
  }

  public ClusterOptions withHost(String host) {
    return new ClusterOptions(
        clusterName, host, port, portAutoIncrement, members, eventBusPort, logging, quickJoin);
  }

  /** Hazelcast's port, and whether a higher one may be taken when it is busy. */
  public ClusterOptions withPort(int port, boolean portAutoIncrement) {
    return new ClusterOptions(
        clusterName, host, port, portAutoIncrement, members, eventBusPort, logging, quickJoin);
  }

  public ClusterOptions withMembers(List<String> members) {
    return new ClusterOptions(
        clusterName, host, port, portAutoIncrement, members, eventBusPort, logging, quickJoin);
  }

  public ClusterOptions withEventBusPort(int eventBusPort) {
    return new ClusterOptions(
        clusterName, host, port, portAutoIncrement, members, eventBusPort, logging, quickJoin);
  }

  public ClusterOptions withLogging(String logging) {
    return new ClusterOptions(
        clusterName, host, port, portAutoIncrement, members, eventBusPort, logging, quickJoin);
  }

  public ClusterOptions withQuickJoin(boolean quickJoin) {
    return new ClusterOptions(
        clusterName, host, port, portAutoIncrement, members, eventBusPort, logging, quickJoin);
  }
}
