package io.continuum.server;

import io.continuum.cluster.ClusterOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code cluster} section of {@code continuum serve --config}: with it (or with {@code
 * CONTINUUM_CLUSTER_MEMBERS}) the node joins a Hazelcast cluster, which carries event-bus messages
 * between nodes and never decides who owns a run (the Postgres lease does).
 *
 * <pre>{@code
 * cluster:
 *   name: orders-prod          # members join only a cluster of the same name (default continuum)
 *   host: 10.0.0.5             # this machine's address Hazelcast and the event bus bind to
 *   port: 5701                 # Hazelcast's port (default 5701, or the next free one)
 *   members: [10.0.0.5:5701, 10.0.0.6:5701]   # TCP/IP join; none: multicast discovery
 *   eventBusPort: 0            # the event bus's port (0: any free one)
 * }</pre>
 *
 * @param name the cluster's name
 * @param host an IPv4 address of this machine (required)
 * @param port Hazelcast's member port; when given, exactly that port
 * @param members the members to contact, {@code host} or {@code host:port}
 * @param eventBusPort the event bus's TCP port
 */
record ClusterConfig(
    String name, String host, Integer port, List<String> members, Integer eventBusPort) {

  static final String MEMBERS_ENV = "CONTINUUM_CLUSTER_MEMBERS";
  static final String HOST_ENV = "CONTINUUM_CLUSTER_HOST";
  static final String PORT_ENV = "CONTINUUM_CLUSTER_PORT";
  static final String NAME_ENV = "CONTINUUM_CLUSTER_NAME";

  private static final ClusterConfig NONE = new ClusterConfig(null, null, null, null, null);
  private static final Pattern IPV4 =
      Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
  private static final Pattern MEMBER = Pattern.compile("([^:]+)(?::([0-9]{1,5}))?");

  /**
   * How this node joins its cluster: {@code section} (null when the file has none) overridden by
   * {@code CONTINUUM_CLUSTER_MEMBERS} (comma-separated), {@code CONTINUUM_CLUSTER_HOST}, {@code
   * CONTINUUM_CLUSTER_PORT} and {@code CONTINUUM_CLUSTER_NAME}; null when the node runs alone.
   * Members all on loopback join with short waits.
   *
   * @throws ConfigException on a value Hazelcast could not use, or a host that is not an address of
   *     this machine, before anything starts
   */
  static ClusterOptions resolve(ClusterConfig section, Console console) {
    String envMembers = console.env(MEMBERS_ENV);
    if (section == null && envMembers == null) {
      for (String env : List.of(HOST_ENV, PORT_ENV, NAME_ENV)) {
        if (console.env(env) != null) {
          throw new ConfigException(
              env
                  + " is set but this node is not clustered: add a cluster section to the config"
                  + " file or set "
                  + MEMBERS_ENV);
        }
      }
      return null;
    }
    ClusterConfig file = section == null ? NONE : section;

    String name = console.env(NAME_ENV) != null ? console.env(NAME_ENV) : file.name();
    if (name != null && name.isBlank()) {
      throw new ConfigException("cluster.name must not be blank");
    }

    String hostOrigin = console.env(HOST_ENV) != null ? HOST_ENV : "cluster.host";
    String host = console.env(HOST_ENV) != null ? console.env(HOST_ENV) : file.host();
    if (host == null) {
      throw new ConfigException(
          "a clustered node needs cluster.host (or "
              + HOST_ENV
              + "): the address of this machine Hazelcast and the event bus bind to");
    }
    host = localAddress(hostOrigin, host.trim());

    Integer port = file.port();
    String portOrigin = "cluster.port";
    if (console.env(PORT_ENV) != null) {
      portOrigin = PORT_ENV;
      try {
        port = Integer.parseInt(console.env(PORT_ENV).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(PORT_ENV + " is not a port number: " + console.env(PORT_ENV));
      }
    }
    if (port != null && !isPort(port)) {
      throw new ConfigException(portOrigin + " must be between 1 and 65535, not " + port);
    }

    List<String> members =
        envMembers != null
            ? members(MEMBERS_ENV, List.of(envMembers.split(",", -1)))
            : members("cluster.members", file.members() == null ? List.of() : file.members());

    int eventBusPort = file.eventBusPort() == null ? 0 : file.eventBusPort();
    if (eventBusPort < 0 || eventBusPort > 65535) {
      throw new ConfigException(
          "cluster.eventBusPort must be between 0 (any free port) and 65535, not " + eventBusPort);
    }

    // Members that all live on this machine's loopback need none of Hazelcast's waits for a
    // network to settle.
    boolean loopbackOnly =
        isLoopback(host)
            && !members.isEmpty()
            && members.stream().allMatch(m -> isLoopback(m.split(":")[0]));
    ClusterOptions options =
        ClusterOptions.defaults()
            .withHost(host)
            .withMembers(members)
            .withEventBusPort(eventBusPort)
            .withLogging("jdk")
            .withQuickJoin(loopbackOnly);
    if (name != null) {
      options = options.withClusterName(name.trim());
    }
    // A port the operator chose is that port; the default may move up when it is taken.
    return port == null ? options : options.withPort(port, false);
  }

  /** One line for a banner: {@code orders-prod as 10.0.0.5:5701, members [10.0.0.6:5701]}. */
  static String describe(ClusterOptions options, String localMember) {
    return options.clusterName()
        + " as "
        + localMember
        + (options.members().isEmpty()
            ? ", members found by multicast"
            : ", members " + options.members());
  }

  // An IPv4 literal of one of this machine's interfaces: Hazelcast binds interfaces by address,
  // and neither it nor the event bus may listen on every interface.
  private static String localAddress(String origin, String host) {
    if (host.isEmpty()) {
      throw new ConfigException(origin + " must not be blank");
    }
    if (!isIpv4(host)) {
      throw new ConfigException(
          origin
              + " must be an IPv4 address of this machine, not "
              + host
              + thisMachinesAddresses());
    }
    if (host.equals("0.0.0.0")) {
      throw new ConfigException(
          origin
              + " must be one interface's address, not 0.0.0.0 (the cluster would listen on every"
              + " interface)"
              + thisMachinesAddresses());
    }
    try {
      if (NetworkInterface.getByInetAddress(InetAddress.getByName(host)) == null) {
        throw new ConfigException(
            origin + " " + host + " is not an address of this machine" + thisMachinesAddresses());
      }
    } catch (UnknownHostException | SocketException e) {
      throw new ConfigException("cannot check " + origin + " " + host + ": " + e.getMessage(), e);
    }
    return host;
  }

  // This machine's IPv4 addresses, for an error message.
  private static String thisMachinesAddresses() {
    List<String> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            addresses.add(address.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      return "";
    }
    return " (this machine's: " + String.join(", ", addresses.stream().sorted().toList()) + ")";
  }

  private static List<String> members(String origin, List<String> given) {
    List<String> members = new ArrayList<>();
    for (String entry : given) {
      String member = entry == null ? "" : entry.trim();
      if (!isMember(member)) {
        throw new ConfigException(
            origin
                + ": '"
                + member
                + "' is not host or host:port (e.g. 10.0.0.6 or 10.0.0.6:5701)");
      }
      members.add(member);
    }
    return members;
  }

  // host or host:port, the host an IPv4 address or a DNS name (whose last label, as in every
  // real one, is not a number); Hazelcast's ranges and wildcards (10.0.0.1-9, 10.0.0.*) are
  // refused, as they reach more than the operator listed.
  private static boolean isMember(String member) {
    Matcher m = MEMBER.matcher(member);
    if (!m.matches()) {
      return false;
    }
    String host = m.group(1);
    String lastLabel = host.substring(host.lastIndexOf('.') + 1);
    boolean validHost =
        isIpv4(host) || (DNS_NAME.matcher(host).matches() && !lastLabel.matches("[0-9-]+"));
    return validHost && (m.group(2) == null || isPort(Integer.parseInt(m.group(2))));
  }

  private static boolean isPort(int port) {
    return port >= 1 && port <= 65535;
  }

  private static boolean isIpv4(String text) {
    Matcher m = IPV4.matcher(text);
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || (isIpv4(host) && host.startsWith("127."));
  }
}
