package io.continuum.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.fixture.ApiServer;
import io.continuum.journal.memory.InMemoryJournal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  private static final String RUNS = "/v1/namespaces/default/runs";

  private static double sample(String scrape, String metric, String workflow) {
    Matcher m =
        Pattern.compile(
                "(?m)^"
                    + metric
                    + "\\{[^}]*workflow=\""
                    + Pattern.quote(workflow)
                    + "\"[^}]*} (\\S+)$")
            .matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void prometheusCountersMoveAsRunsStartAndFinish() {
    try (var server = new ApiServer(v -> InMemoryJournal.create())) {
      String before = server.get("/metrics", server.admin).body();
      for (int i = 0; i < 3; i++) {
        server.post(
            RUNS,
            server.writer,
            "{\"workflow\":\"test.echo\",\"id\":\"m" + i + "\",\"input\":\"x\"}");
        assertThat(server.get(RUNS + "/m" + i + "/result?wait=5", server.reader).status())
            .isEqualTo(200);
      }
      var scrape = server.get("/metrics", server.admin);
      assertThat(scrape.contentType()).startsWith("text/plain");
      String after = scrape.body();

      assertThat(sample(after, "continuum_runs_started_total", "test.echo"))
          .isEqualTo(sample(before, "continuum_runs_started_total", "test.echo") + 3);
      assertThat(sample(after, "continuum_runs_completed_total", "test.echo"))
          .isEqualTo(sample(before, "continuum_runs_completed_total", "test.echo") + 3);
      assertThat(after)
          .contains("continuum_step_latency_seconds_count")
          .contains("continuum_journal_latency_seconds_count")
          .contains("continuum_replay_time_seconds_count");
    }
  }

  /** Issue 13, item 8: histogram buckets, gauges, a scrape-only key, a management port. */
  @Test
  void timersHaveBucketsGaugesCountRunsAndAMetricsKeyOnlyScrapes() throws Exception {
    var scraper = ApiKeys.generate(Role.METRICS, java.util.Set.of("*"));
    var reader = ApiKeys.generate(Role.READER, java.util.Set.of("default"));
    try (var server =
        new ApiServer(
            v -> InMemoryJournal.create(),
            o ->
                o.withApiKeys(o.apiKeys().with(scraper.key()).with(reader.key()))
                    .withManagementPort("127.0.0.1", 0))) {
      server.post(
          RUNS,
          server.writer,
          "{\"workflow\":\"test.approve\",\"id\":\"waits\",\"input\":{\"id\":\"w\",\"amountCents\":1}}");
      ApiServer.join(server.engine.tick()); // samples the journal's counts now

      var scrape = server.get("/metrics", scraper.plainText());
      assertThat(scrape.status()).isEqualTo(200);
      assertThat(scrape.body())
          .contains("continuum_step_latency_seconds_bucket{")
          .contains("continuum_journal_latency_seconds_bucket{")
          .containsPattern("continuum_runs_open\\{[^}]*state=\"suspended\"[^}]*} 1\\.0")
          .containsPattern("continuum_runs_hosted\\{[^}]*} 1\\.0")
          .contains("continuum_tasks_ready{")
          .contains("continuum_timers_due{");
      assertThat(server.get(RUNS + "/waits", scraper.plainText()).status()).isEqualTo(403);
      assertThat(server.get("/metrics", reader.plainText()).status()).isEqualTo(403);

      int management = server.api().actualManagementPort();
      var http = java.net.http.HttpClient.newHttpClient();
      var metrics =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + management + "/metrics"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("continuum_runs_started_total");
      var health =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + management + "/health"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"up\"");
    }
  }
}
