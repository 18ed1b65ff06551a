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
}
