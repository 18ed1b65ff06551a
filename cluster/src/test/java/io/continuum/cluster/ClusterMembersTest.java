package io.continuum.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.metrics.VertxMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who is in the cluster, as a node sees it, and the meters of a clustered Vert.x. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterMembersTest {
  private final List<Vertx> started = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (Vertx vertx : started) {
      join(vertx.close());
    }
  }

  @Test
  void bothMembersSeeBothAndTheOneThatStaysSeesTheOtherLeave() throws Exception {
    String cluster = "continuum-test-" + UUID.randomUUID();
    int portA = freePort();
    int portB = freePort();
    List<Integer> ports = List.of(portA, portB);
    Vertx a = start(ClusterOptions.loopback(cluster, portA, ports));
    Vertx b = start(ClusterOptions.loopback(cluster, portB, ports));

    String addressA = "127.0.0.1:" + portA;
    String addressB = "127.0.0.1:" + portB;
    assertThat(ContinuumCluster.localMember(a)).isEqualTo(addressA);
    assertThat(ContinuumCluster.localMember(b)).isEqualTo(addressB);
    // B joined after A, so both list A first
    assertThat(ContinuumCluster.members(a)).containsExactly(addressA, addressB);
    assertThat(ContinuumCluster.members(b)).containsExactly(addressA, addressB);

    join(b.close());
    started.remove(b);
    awaitTrue(() -> ContinuumCluster.members(a).equals(List.of(addressA)), "B's leave seen by A");
    assertThat(ContinuumCluster.members(b)).isEmpty();
    assertThatThrownBy(() -> ContinuumCluster.localMember(b))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this Vert.x has left its cluster");
  }

  @Test
  void aClusteredVertxGetsItsMetersFromTheGivenFactory() throws Exception {
    var created = new AtomicReference<Vertx>();
    VertxMetrics meters =
        new VertxMetrics() {
          @Override
          public void vertxCreated(Vertx vertx) {
            created.set(vertx);
          }
        };
    int port = freePort();
    Vertx vertx =
        join(
            ContinuumCluster.start(
                ClusterOptions.loopback("continuum-test-" + UUID.randomUUID(), port, List.of(port)),
                new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)),
                options -> meters));
    started.add(vertx);

    assertThat(created.get()).isSameAs(vertx);
    assertThat(vertx.isMetricsEnabled()).isTrue();
  }

  @Test
  void aVertxOutsideAnyClusterHasNoMembers() throws Exception {
    Vertx alone = Vertx.vertx();
    started.add(alone);
    assertThatThrownBy(() -> ContinuumCluster.members(alone))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("this Vert.x is not clustered on Hazelcast");
  }

  private Vertx start(ClusterOptions options) throws Exception {
    Vertx vertx = join(ContinuumCluster.start(options));
    started.add(vertx);
    return vertx;
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 20 s").isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
