package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code continuum dev}, run in-process the way a user runs it, driven over HTTP. */
class DevCommandTest {

  @Test
  void inMemoryServesTheOrdersExampleWithThePrintedKey(@TempDir Path dir) throws Exception {
    try (var dev =
        CliRunner.start(
            Map.of(), "dev", "--in-memory", "--port", "0", "--data-dir", dir.toString())) {
      dev.server();
      assertThat(dev.out.toString().lines().limit(8))
          .extracting(l -> l.substring(0, l.indexOf(l.startsWith("Continuum") ? ' ' : ':')))
          .containsExactly(
              "Continuum", "journal", "api", "openapi", "metrics", "ui", "ui-login", "api-key");
      assertThat(dev.line("journal:")).isEqualTo("in-memory");
      String api = dev.line("api:");
      String key = dev.line("api-key:");
      assertThat(api).matches("http://127\\.0\\.0\\.1:\\d+/v1");
      assertThat(dev.line("openapi:")).isEqualTo(api + "/openapi.json");
      assertThat(dev.line("metrics:")).isEqualTo(api.replace("/v1", "/metrics"));
      assertThat(dev.line("ui:")).isEqualTo(api.replace("/v1", "/ui/"));
      // Issue 14: the printed login link logs a browser in once.
      String link = dev.line("ui-login:").split(" ")[0];
      var noRedirects = java.net.http.HttpClient.newHttpClient();
      var once =
          noRedirects.send(
              java.net.http.HttpRequest.newBuilder(URI.create(link)).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(once.statusCode()).isEqualTo(303);
      assertThat(once.headers().firstValue("Set-Cookie"))
          .hasValueSatisfying(c -> assertThat(c).startsWith("continuum_session="));
      var twice =
          noRedirects.send(
              java.net.http.HttpRequest.newBuilder(URI.create(link)).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(twice.statusCode()).isEqualTo(401);
      Path keyFile = dir.resolve("dev-api-key");
      assertThat(Files.readString(keyFile).trim()).isEqualTo(key);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
          .isEqualTo("rw-------");

      var http = new Http(api, key);
      assertThat(new Http(api, null).get("/health").status()).isEqualTo(200);
      assertThat(new Http(api, null).get("/workflows").status()).isEqualTo(401);
      assertThat(http.get("/workflows").json().findValuesAsText("type"))
          .contains("orders.checkout");
      checkout(http, "o-mem");
      var metrics = new Http(api.replace("/v1", ""), key).get("/metrics");
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.body()).contains("continuum_runs_completed_total{node=\"dev\"");
      // Issue 13, item 8: buckets for histogram_quantile, the JVM, the process, Vert.x
      assertThat(metrics.body())
          .contains("continuum_step_latency_seconds_bucket{")
          .contains("jvm_memory_used_bytes{")
          .contains("process_uptime_seconds")
          .contains("vertx_http_server_requests_total{");

      int port = URI.create(api).getPort();
      assertThat(dev.stop()).isZero();
      assertClosed(port);
    }
  }

  @Test
  void embeddedPostgresKeepsRunsInTheDataDirAcrossRestarts(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    int pgPort;
    String firstKey;
    try (var dev = CliRunner.start(Map.of(), "dev", "--port", "0", "--data-dir", data.toString())) {
      var server = (DevServer) dev.server();
      assertThat(server.migrationsApplied()).isNotEmpty();
      pgPort = server.embeddedPostgresPort().orElseThrow();
      assertThat(dev.line("journal:"))
          .isEqualTo(
              "embedded Postgres postgresql://postgres@localhost:"
                  + pgPort
                  + "/continuum (data in "
                  + data.resolve("pg").toAbsolutePath()
                  + ")");
      firstKey = dev.line("api-key:");
      assertThat(dev.line("api-key-file:")).endsWith("(a new key)");
      var http = new Http(dev.line("api:"), firstKey);
      checkout(http, "o-pg");
      // a second order waits for its approval while the server is down
      start(http, "o-later");
      assertThat(dev.stop()).isZero();
    }
    assertClosed(pgPort);
    assertThat(data.resolve("pg/postmaster.pid")).doesNotExist();

    try (var again =
        CliRunner.start(Map.of(), "dev", "--port", "0", "--data-dir", data.toString())) {
      var server = (DevServer) again.server();
      assertThat(server.migrationsApplied()).isEmpty();
      String key = again.line("api-key:");
      assertThat(key).as("the key survives a restart").isEqualTo(firstKey);
      assertThat(key).isEqualTo(Files.readString(data.resolve("dev-api-key")).trim());
      assertThat(again.line("api-key-file:")).contains("the key of the last start");
      var http = new Http(again.line("api:"), key);
      assertThat(http.get("/namespaces/default/runs/o-pg").json().path("state").asText())
          .isEqualTo("completed");
      assertThat(new Http(again.line("api:").replace("/v1", ""), key).get("/metrics").body())
          .contains("vertx_pool_in_use{pool_name=\"continuum-journal\",pool_type=\"sql\"}");
      approveAndAwait(http, "o-later");
      pgPort = server.embeddedPostgresPort().orElseThrow();
      assertThat(again.stop()).isZero();
    }
    assertClosed(pgPort);
  }

  @Test
  void newKeyRotatesTheKeyAndTheOldOneStopsWorking(@TempDir Path dir) throws Exception {
    String old;
    try (var dev =
        CliRunner.start(
            Map.of(), "dev", "--in-memory", "--port", "0", "--data-dir", dir.toString())) {
      old = dev.line("api-key:");
      assertThat(dev.stop()).isZero();
    }
    try (var dev =
        CliRunner.start(
            Map.of(),
            "dev",
            "--in-memory",
            "--new-key",
            "--port",
            "0",
            "--data-dir",
            dir.toString())) {
      String rotated = dev.line("api-key:");
      assertThat(rotated).isNotEqualTo(old);
      assertThat(Files.readString(dir.resolve("dev-api-key")).trim()).isEqualTo(rotated);
      assertThat(new Http(dev.line("api:"), old).get("/workflows").status()).isEqualTo(401);
      assertThat(new Http(dev.line("api:"), rotated).get("/workflows").status()).isEqualTo(200);
      assertThat(dev.stop()).isZero();
    }
  }

  /** Issue 13, item 5: the embedded Postgres of a dev server killed with kill -9 is stopped. */
  @Test
  void aPostgresLeftRunningByAKilledDevServerIsStoppedAndDevStarts(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    int leftoverPort = killedDevServer(data);
    try (var dev = CliRunner.start(Map.of(), "dev", "--port", "0", "--data-dir", data.toString())) {
      dev.server();
      assertThat(dev.out.toString())
          .contains("stopping the embedded Postgres (pid ")
          .contains("left running on " + data.resolve("pg").toAbsolutePath());
      assertClosed(leftoverPort);
      checkout(new Http(dev.line("api:"), dev.line("api-key:")), "o-after-kill");

      var second = CliRunner.run(Map.of(), "dev", "--port", "0", "--data-dir", data.toString());
      assertThat(second.exitCode()).isEqualTo(2);
      assertThat(second.err())
          .startsWith("error: another continuum dev (process " + ProcessHandle.current().pid())
          .contains("give this one another --data-dir");
      assertThat(dev.stop()).isZero();
    }
  }

  /**
   * Runs {@code dev} in a process of its own, kills it with SIGKILL once it serves, and returns the
   * port of the embedded Postgres it leaves running.
   */
  private static int killedDevServer(Path data) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process dev =
        new ProcessBuilder(
                javaBin,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "dev",
                "--port",
                "0",
                "--data-dir",
                data.toString())
            .redirectErrorStream(true)
            .start();
    try {
      var lines = new java.io.BufferedReader(new java.io.InputStreamReader(dev.getInputStream()));
      var served =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  for (String l = lines.readLine(); l != null; l = lines.readLine()) {
                    if (l.startsWith("api-key:")) {
                      return true;
                    }
                  }
                  return false;
                } catch (java.io.IOException e) {
                  return false;
                }
              });
      assertThat(served.get(60, java.util.concurrent.TimeUnit.SECONDS))
          .as("the dev server in its own process serves")
          .isTrue();
      List<String> pid = Files.readAllLines(data.resolve("pg/postmaster.pid"));
      dev.destroyForcibly().waitFor(); // kill -9: nothing of its shutdown runs
      assertThat(ProcessHandle.of(Long.parseLong(pid.get(0).strip())).map(ProcessHandle::isAlive))
          .as("its Postgres outlives it")
          .contains(true);
      return Integer.parseInt(pid.get(3).strip());
    } finally {
      dev.destroyForcibly();
    }
  }

  /** Issue 13, item 10: dev says, one line each, that an attempt and then a run failed. */
  @Test
  void devPrintsALineForAFailedAttemptAndAFailedRunUnlessQuiet(@TempDir Path dir) throws Exception {
    String declined =
        """
        {"workflow": "orders.checkout", "id": "%s",
         "input": {"orderId": "%s", "customer": "ada", "amountCents": 99999999, "items": ["x"]}}
        """;
    try (var dev =
        CliRunner.start(
            Map.of(), "dev", "--in-memory", "--port", "0", "--data-dir", dir.toString())) {
      var http = new Http(dev.line("api:"), dev.line("api-key:"));
      assertThat(http.post("/namespaces/default/runs", declined.formatted("o-no", "o-no")).status())
          .isEqualTo(201);
      assertThat(http.get("/namespaces/default/runs/o-no/result?wait=20s").json().path("state"))
          .hasToString("\"failed\"");
      dev.awaitOutput(
          " run o-no (orders.checkout) failed: ActivityFailure: activity 'orders.charge-payment'"
              + " failed after 1 attempt");
      dev.awaitOutput(" activity orders.charge-payment of run o-no failed");
      assertThat(dev.out.toString())
          .containsPattern(
              "\\d\\d:\\d\\d:\\d\\d activity orders\\.charge-payment of run o-no failed"
                  + " \\(attempt 1 of \\d+\\): PaymentDeclined: order o-no: amount 99999999 exceeds"
                  + " the limit of 1000000 cents; no attempt left");
      assertThat(dev.out.toString().lines().filter(l -> l.contains("o-no"))).hasSize(2);
      assertThat(dev.stop()).isZero();
    }
    try (var quiet =
        CliRunner.start(
            Map.of(),
            "dev",
            "--in-memory",
            "--quiet",
            "--port",
            "0",
            "--data-dir",
            dir.toString())) {
      var http = new Http(quiet.line("api:"), quiet.line("api-key:"));
      http.post("/namespaces/default/runs", declined.formatted("o-quiet", "o-quiet"));
      assertThat(http.get("/namespaces/default/runs/o-quiet/result?wait=20s").status())
          .isEqualTo(200);
      assertThat(quiet.out.toString()).doesNotContain("o-quiet");
      assertThat(quiet.stop()).isZero();
    }
  }

  /** Issue 16, item 4: dev --cluster runs two nodes in a cluster, on one database, one key. */
  @Test
  void clusterStartsTwoNodesInOneClusterWhoseApisBothServe(@TempDir Path dir) throws Exception {
    try (var dev =
        CliRunner.start(
            Map.of(), "dev", "--cluster", "--port", "0", "--data-dir", dir.toString())) {
      var server = (DevServer) dev.server();
      List<String> nodes = dev.out.toString().lines().filter(l -> l.startsWith("node: ")).toList();
      assertThat(nodes).hasSize(2);
      assertThat(nodes.get(0))
          .matches(
              "node: dev-1 http://127\\.0\\.0\\.1:\\d+/v1 \\(cluster member 127\\.0\\.0\\.1:\\d+\\)");
      assertThat(nodes.get(1))
          .matches(
              "node: dev-2 http://127\\.0\\.0\\.1:\\d+/v1 \\(cluster member 127\\.0\\.0\\.1:\\d+\\)");
      String member1 = nodes.get(0).replaceAll(".*cluster member (.*)\\)", "$1");
      String member2 = nodes.get(1).replaceAll(".*cluster member (.*)\\)", "$1");
      assertThat(dev.line("cluster:"))
          .isEqualTo("continuum-dev, members " + member1 + ", " + member2);
      List<URI> apis = server.apiBases();
      assertThat(apis).hasSize(2).doesNotHaveDuplicates();
      assertThat(dev.line("api:")).isEqualTo(apis.get(0) + "/v1");
      assertThat(nodes.get(1)).contains(apis.get(1) + "/v1");

      // one key for both; a checkout started on the second node is approved on the first
      String key = dev.line("api-key:");
      var first = new Http(apis.get(0) + "/v1", key);
      var second = new Http(apis.get(1) + "/v1", key);
      assertThat(second.get("/workflows").json().findValuesAsText("type"))
          .contains("orders.checkout");
      start(second, "o-cluster");
      approveAndAwait(first, "o-cluster");
      assertThat(second.get("/namespaces/default/runs/o-cluster").json().path("state").asText())
          .isEqualTo("completed");

      assertThat(dev.stop()).isZero();
      assertClosed(apis.get(0).getPort());
      assertClosed(apis.get(1).getPort());
    }
  }

  @Test
  void clusterNeedsADatabaseBothNodesShare(@TempDir Path dir) {
    var result =
        CliRunner.run(Map.of(), "dev", "--cluster", "--in-memory", "--data-dir", dir.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "error: --cluster needs a database both nodes share: drop --in-memory (the embedded"
                + " Postgres or --pg-url)\n");
  }

  @Test
  void pgUrlAndInMemoryExcludeEachOther(@TempDir Path dir) {
    var result =
        CliRunner.run(
            Map.of(),
            "dev",
            "--in-memory",
            "--pg-url",
            "postgresql://u:p@localhost/db",
            "--data-dir",
            dir.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("error: --pg-url and --in-memory exclude each other\n");
  }

  /** Starts a checkout, approves it and waits for its receipt. */
  static void checkout(Http http, String id) {
    start(http, id);
    approveAndAwait(http, id);
  }

  private static void start(Http http, String id) {
    var started =
        http.post(
            "/namespaces/default/runs",
            """
            {"workflow": "orders.checkout", "id": "%s",
             "input": {"orderId": "%s", "customer": "ada", "amountCents": 4200,
                       "items": ["book"], "shippingDelay": "PT0S"}}
            """
                .formatted(id, id));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
  }

  private static void approveAndAwait(Http http, String id) {
    String run = "/namespaces/default/runs/" + id;
    var signal = http.post(run + "/signals/approval", "{\"approved\": true, \"by\": \"alice\"}");
    assertThat(signal.status()).as(signal.body()).isEqualTo(202);
    var result = http.get(run + "/result?wait=20s");
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    JsonNode run1 = result.json();
    assertThat(run1.path("state").asText()).isEqualTo("completed");
    assertThat(run1.path("result").path("status").asText()).isEqualTo("shipped");
    assertThat(http.get(run).json().path("attributes").path("approvedBy").asText())
        .isEqualTo("alice");
  }

  static void assertClosed(int port) {
    assertThatThrownBy(
            () -> {
              try (var socket = new Socket("127.0.0.1", port)) {
                socket.getPort();
              } catch (IOException e) {
                throw e;
              }
            })
        .isInstanceOf(ConnectException.class);
  }
}
