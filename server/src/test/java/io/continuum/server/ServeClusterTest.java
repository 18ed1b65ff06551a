package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.cluster.ContinuumCluster;
import io.continuum.http.ApiKeys;
import io.continuum.http.Role;
import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two {@code continuum serve} nodes in one JVM, on 127.0.0.1, form a cluster and both serve. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeClusterTest {
  @TempDir Path dir;

  @Test
  void twoNodesJoinOneClusterCarryEachOthersMessagesAndBothAnswerRest() throws Exception {
    String url = TestDatabases.url(PgTestDatabase.shared().newDatabase());
    String key = adminKey();
    String cluster = "serve-test-" + UUID.randomUUID();
    List<Integer> ports = freePorts();
    String a = "127.0.0.1:" + ports.get(0);
    String b = "127.0.0.1:" + ports.get(1);

    try (var nodeA = serve(url, cluster, "node-a", ports.get(0), ports);
        var nodeB = serve(url, cluster, "node-b", ports.get(1), ports)) {
      // A printed its banner before B started; B found A
      assertThat(nodeA.line("cluster:"))
          .isEqualTo(
              cluster + " as " + a + ", members [" + a + ", " + b + "]; in the cluster now: " + a);
      assertThat(nodeB.line("cluster:"))
          .isEqualTo(
              cluster
                  + " as "
                  + b
                  + ", members ["
                  + a
                  + ", "
                  + b
                  + "]; in the cluster now: "
                  + a
                  + ", "
                  + b);
      Vertx vertxA = ((ServerAssembly) nodeA.server()).vertx();
      Vertx vertxB = ((ServerAssembly) nodeB.server()).vertx();
      awaitTrue(() -> ContinuumCluster.members(vertxA).equals(List.of(a, b)), "A sees B");

      // an event-bus message published on A reaches a consumer on B
      BlockingQueue<JsonObject> heard = new LinkedBlockingQueue<>();
      Await.result(
          vertxB
              .eventBus()
              .<JsonObject>consumer("test.hello", m -> heard.add(m.body()))
              .completion(),
          java.time.Duration.ofSeconds(10),
          "subscribe on B");
      // B's subscription reaches A's view of the cluster a moment after it completes
      awaitTrue(
          () -> {
            vertxA.eventBus().publish("test.hello", new JsonObject().put("from", "node-a"));
            return pollOrNull(heard) != null;
          },
          "a message from A on B");

      // a run started through A's REST API finishes, read through B's
      var httpA = new Http(nodeA.line("api:"), key);
      var httpB = new Http(nodeB.line("api:"), key);
      var started =
          httpA.post(
              "/namespaces/default/runs", "{\"workflow\": \"test.greet\", \"input\": \"ada\"}");
      assertThat(started.status()).as(started.body()).isEqualTo(201);
      String runId = started.json().path("runId").asText();
      var result = httpB.get("/namespaces/default/runs/" + runId + "/result?wait=20s");
      assertThat(result.json().path("result").asText()).as(result.body()).isEqualTo("hello ada");
      for (String api : List.of(nodeA.line("api:"), nodeB.line("api:"))) {
        assertThat(new Http(api.replace("/v1", ""), key).get("/metrics").body())
            .containsPattern("continuum_cluster_members\\{node=\"node-[ab]\"} 2.0");
      }

      // B stops and leaves; A sees it go
      int apiB = URI.create(nodeB.line("api:")).getPort();
      assertThat(nodeB.stop()).isZero();
      DevCommandTest.assertClosed(apiB);
      awaitTrue(() -> ContinuumCluster.members(vertxA).equals(List.of(a)), "A sees B leave");
      assertThat(nodeA.stop()).isZero();
    }
  }

  @Test
  void aClusterPortInUseIsAFailureThatStartsNothing() throws Exception {
    String url = TestDatabases.url(PgTestDatabase.shared().newDatabase());
    adminKey();
    try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Path config = config(url, "busy-" + UUID.randomUUID(), "node-x", port, List.of(port));

      var result = CliRunner.run(Map.of(), "serve", "--config", config.toString());

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .startsWith("error: could not join the cluster busy-")
          .contains(" on 127.0.0.1:" + port + ": ")
          .hasLineCount(1);
    }
  }

  private CliRunner.Started serve(
      String url, String cluster, String nodeId, int port, List<Integer> ports) throws Exception {
    Path config = config(url, cluster, nodeId, port, ports);
    var started = CliRunner.start(Map.of(), "serve", "--config", config.toString());
    started.server();
    return started;
  }

  private Path config(String url, String cluster, String nodeId, int port, List<Integer> ports)
      throws IOException {
    return Files.writeString(
        dir.resolve(nodeId + ".yaml"),
        """
        host: 127.0.0.1
        port: 0
        nodeId: %s
        pg: {url: '%s'}
        apiKeysFile: keys.json
        workflows: [io.continuum.server.fixture.Greet]
        activities: [io.continuum.server.fixture.Greeting]
        cluster:
          name: %s
          host: 127.0.0.1
          port: %d
          members: [%s]
        """
            .formatted(
                nodeId,
                url,
                cluster,
                port,
                String.join(", ", ports.stream().map(p -> "127.0.0.1:" + p).toList())));
  }

  /** Writes keys.json with one admin key for every namespace; returns its plain text. */
  private String adminKey() throws IOException {
    var made = ApiKeys.generate(Role.ADMIN, Set.of("*"));
    ApiKeys.of(List.of(made.key())).write(dir.resolve("keys.json"));
    return made.plainText();
  }

  // Held open together, so that the two differ.
  private static List<Integer> freePorts() throws IOException {
    try (var first = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        var second = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return List.of(first.getLocalPort(), second.getLocalPort());
    }
  }

  private static JsonObject pollOrNull(BlockingQueue<JsonObject> queue) {
    try {
      return queue.poll(100, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 20 s").isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
