package io.continuum.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.spi.properties.ClusterProperty;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContinuumClusterTest {

  @Test
  void loopbackJoinsOverTcpOn127001Quickly() {
    Config config =
        ContinuumCluster.hazelcastConfig(
            ClusterOptions.loopback("test-1", 15701, List.of(15701, 15702)));

    assertThat(config.getClusterName()).isEqualTo("test-1");
    var network = config.getNetworkConfig();
    assertThat(network.getPort()).isEqualTo(15701);
    assertThat(network.isPortAutoIncrement()).isFalse();
    assertThat(network.getInterfaces().isEnabled()).isTrue();
    assertThat(network.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(network.getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(network.getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(network.getJoin().getTcpIpConfig().getMembers())
        .containsExactly("127.0.0.1:15701", "127.0.0.1:15702");
    assertThat(config.getProperty(ClusterProperty.LOGGING_TYPE.getName())).isEqualTo("none");
    assertThat(config.getProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName()))
        .isEqualTo("0");
    // the maps Vert.x keeps its subscriptions in come from vertx-hazelcast's default config
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
  }

  @Test
  void withoutMembersNodesFindEachOtherByMulticastWithHazelcastsWaits() {
    Config config = ContinuumCluster.hazelcastConfig(ClusterOptions.defaults());

    assertThat(config.getClusterName()).isEqualTo("continuum");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
    assertThat(config.getProperty(ClusterProperty.LOGGING_TYPE.getName())).isEqualTo("jdk");
    assertThat(config.getProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName())).isNull();
    // closing Vert.x leaves the cluster, not a JVM shutdown hook of Hazelcast's
    assertThat(config.getProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName()))
        .isEqualTo("false");
  }

  @Test
  void badOptionsAreRefused() {
    assertThatThrownBy(() -> ClusterOptions.defaults().withClusterName(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterOptions.defaults().withPort(0, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterOptions.defaults().withLogging("loud"))
        .hasMessageContaining("logging must be one of");
  }
}
