package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.http.ApiKeys;
import io.continuum.http.Role;
import io.continuum.pg.Migrator;
import io.continuum.pg.testing.PgTestDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code continuum serve}: what it refuses, and a node started from a config file. */
class ServeCommandTest {
  private static final String UNREACHABLE = "postgresql://u:p@127.0.0.1:1/db";

  @TempDir Path dir;

  @Test
  void refusesToStartWithoutAPostgresUrl() throws IOException {
    Path config = write("config.yaml", "port: 0\napiKeysFile: keys.json\n");
    keysFile("keys.json");
    var result = CliRunner.run(Map.of(), "serve", "--config", config.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "error: serve needs a Postgres database: set pg.url in the config file or"
                + " CONTINUUM_PG_URL\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void refusesToStartWithoutApiKeys() throws IOException {
    Path config = write("config.yaml", "pg:\n  url: " + UNREACHABLE + "\n");
    var result = CliRunner.run(Map.of(), "serve", "--config", config.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("error: serve needs at least one API key: set apiKeys or apiKeysFile");

    // the environment alone is no better: a URL, still no keys
    var envOnly = CliRunner.run(Map.of("CONTINUUM_PG_URL", UNREACHABLE), "serve");
    assertThat(envOnly.exitCode()).isEqualTo(2);
    assertThat(envOnly.err()).startsWith("error: serve needs at least one API key");

    var missingFile =
        CliRunner.run(
            Map.of("CONTINUUM_PG_URL", UNREACHABLE, "CONTINUUM_API_KEYS_FILE", "nope.json"),
            "serve");
    assertThat(missingFile.exitCode()).isEqualTo(2);
    assertThat(missingFile.err()).isEqualTo("error: the API keys file nope.json does not exist\n");
  }

  @Test
  void badConfigFilesAreUsageErrors() throws IOException {
    var missing = CliRunner.run(Map.of(), "serve", "--config", dir.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist");

    Path typo = write("typo.yaml", "prot: 8080\n");
    var unknown = CliRunner.run(Map.of(), "serve", "--config", typo.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("error: " + typo + ": unknown key 'prot'").hasLineCount(1);

    Path badPort = write("port.yaml", "pg: {url: " + UNREACHABLE + "}\n");
    var port =
        CliRunner.run(Map.of("CONTINUUM_PORT", "eighty"), "serve", "--config", badPort.toString());
    assertThat(port.exitCode()).isEqualTo(2);
    assertThat(port.err()).isEqualTo("error: CONTINUUM_PORT is not a port number: eighty\n");

    Path badTimeout = write("timeout.yaml", "pg: {url: " + UNREACHABLE + ", lockTimeout: soon}\n");
    var timeout = CliRunner.run(Map.of(), "serve", "--config", badTimeout.toString());
    assertThat(timeout.exitCode()).isEqualTo(2);
    assertThat(timeout.err())
        .isEqualTo("error: pg.lockTimeout is not a duration (10s, 500ms, 2m or PT10S): soon\n");
  }

  @Test
  void theEngineSectionTunesIdleReleaseTheMemoryBudgetAndSnapshots() throws IOException {
    var defaults = io.continuum.runtime.EngineOptions.defaults();
    var tuned = new ServeConfig.Engine("0s", 5_000, 0, null, "6s", "4s").tuning().applyTo(defaults);
    assertThat(tuned.idleRelease()).isZero();
    assertThat(tuned.maxHostedRuns()).isEqualTo(5_000);
    assertThat(tuned.snapshotEvery()).isZero();
    assertThat(tuned.leaseTtl()).isEqualTo(Duration.ofSeconds(6));
    assertThat(tuned.leaseRenewInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(tuned.taskLeaseTtl()).isEqualTo(Duration.ofSeconds(4));
    var half =
        new ServeConfig.Engine("30s", null, null, null, null, null).tuning().applyTo(defaults);
    assertThat(half.idleRelease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(half.maxHostedRuns()).isEqualTo(defaults.maxHostedRuns());
    assertThat(EngineTuning.DEFAULTS.applyTo(defaults)).isEqualTo(defaults);

    Path badBudget =
        write("budget.yaml", "pg: {url: " + UNREACHABLE + "}\nengine: {maxHostedRuns: 0}\n");
    var budget = CliRunner.run(Map.of(), "serve", "--config", badBudget.toString());
    assertThat(budget.exitCode()).isEqualTo(2);
    assertThat(budget.err()).isEqualTo("error: engine.maxHostedRuns must be at least 1\n");

    Path badLease =
        write("lease.yaml", "pg: {url: " + UNREACHABLE + "}\nengine: {leaseTtl: 100ms}\n");
    var lease = CliRunner.run(Map.of(), "serve", "--config", badLease.toString());
    assertThat(lease.exitCode()).isEqualTo(2);
    assertThat(lease.err()).isEqualTo("error: engine.leaseTtl must be at least 1s\n");

    Path badIdle =
        write("idle.yaml", "pg: {url: " + UNREACHABLE + "}\nengine: {idleRelease: later}\n");
    var idle = CliRunner.run(Map.of(), "serve", "--config", badIdle.toString());
    assertThat(idle.exitCode()).isEqualTo(2);
    assertThat(idle.err())
        .isEqualTo(
            "error: engine.idleRelease is not a duration (10s, 500ms, 2m or PT10S): later\n");
  }

  @Test
  void timeoutsAreReadAsDurations() {
    assertThat(ServeConfig.duration("requestTimeout", "10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(ServeConfig.duration("pg.lockTimeout", "750ms")).isEqualTo(Duration.ofMillis(750));
    assertThat(ServeConfig.duration("pg.statementTimeout", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ServeConfig.duration("x", "PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    assertThat(ServeConfig.duration("x", null)).isNull();
    assertThatThrownBy(() -> ServeConfig.duration("x", "0s"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("x must be positive: 0s");
  }

  @Test
  void anOldSchemaIsRefusedUnlessMigrating() throws IOException {
    String url = TestDatabases.url(PgTestDatabase.shared().newEmptyDatabase());
    keysFile("keys.json");
    Path config = write("config.json", "{\"port\": 0, \"apiKeysFile\": \"keys.json\"}");
    var result =
        CliRunner.run(Map.of("CONTINUUM_PG_URL", url), "serve", "--config", config.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "error: the database schema is at version 0, this code needs "
                + Migrator.LATEST
                + ": run `continuum"
                + " migrate` or enable autoMigrate\n");
  }

  @Test
  void unknownWorkflowClassesAreConfigErrors() throws IOException {
    String url = TestDatabases.url(PgTestDatabase.shared().newDatabase());
    keysFile("keys.json");
    Path config =
        write(
            "config.yaml",
            "port: 0\napiKeysFile: keys.json\npg: {url: '"
                + url
                + "'}\n"
                + "workflows: [com.example.Missing]\n");
    var result = CliRunner.run(Map.of(), "serve", "--config", config.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo("error: workflows: class com.example.Missing is not on the classpath\n");
  }

  @Test
  void servesConfiguredWorkflowsAndTheExamplesAfterMigrating() throws Exception {
    String url = TestDatabases.url(PgTestDatabase.shared().newEmptyDatabase());
    String key = keysFile("keys.json");
    Path config =
        write(
            "continuum.yaml",
            """
            host: 127.0.0.1
            port: 8080            # CONTINUUM_PORT wins
            nodeId: from-file     # CONTINUUM_NODE_ID wins
            requestTimeout: 8s
            pg:
              url: %s
              poolSize: 4
              statementTimeout: 20s
              lockTimeout: 2s
            apiKeysFile: keys.json
            workflows: [io.continuum.server.fixture.Greet]
            activities: [io.continuum.server.fixture.Greeting]
            examples: true
            """
                .formatted(url));
    var env = Map.of("CONTINUUM_PORT", "0", "CONTINUUM_NODE_ID", "node-a");
    try (var serve = CliRunner.start(env, "serve", "--migrate", "--config", config.toString())) {
      serve.server();
      assertThat(serve.out.toString().lines())
          .contains("migrated: V001__journal.sql", "migrated: V002__run_queries.sql")
          .contains(
              "node: node-a",
              "workflows: orders.batch, orders.checkout, orders.fulfil, orders.subscription,"
                  + " test.greet");
      assertThat(serve.line("journal:")).startsWith("postgres postgresql://");
      String api = serve.line("api:");
      var http = new Http(api, key);
      var started =
          http.post(
              "/namespaces/default/runs", "{\"workflow\": \"test.greet\", \"input\": \"ada\"}");
      assertThat(started.status()).as(started.body()).isEqualTo(201);
      String runId = started.json().path("runId").asText();
      var result = http.get("/namespaces/default/runs/" + runId + "/result?wait=20s");
      assertThat(result.json().path("result").asText()).isEqualTo("hello ada");
      DevCommandTest.checkout(http, "o-serve");

      int port = URI.create(api).getPort();
      assertThat(serve.stop()).isZero();
      DevCommandTest.assertClosed(port);
    }
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** Writes a keys file with one writer key for {@code default}; returns its plain text. */
  private String keysFile(String name) throws IOException {
    var made = ApiKeys.generate(Role.WRITER, Set.of("default"));
    ApiKeys.of(List.of(made.key())).write(dir.resolve(name));
    return made.plainText();
  }
}
