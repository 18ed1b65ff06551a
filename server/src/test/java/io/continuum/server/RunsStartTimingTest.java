package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, item 8: {@code runs start --start-delay … --execution-timeout …} against a server. */
class RunsStartTimingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aDelayedStartWithATimeoutIsPendingAndShowsItsStartAndDeadline(@TempDir Path dir)
      throws Exception {
    try (var dev =
        CliRunner.start(
            Map.of(), "dev", "--in-memory", "--port", "0", "--data-dir", dir.toString())) {
      String server = dev.line("api:").replace("/v1", "");
      List<String> common = List.of("--server", server, "--data-dir", dir.toString());
      String order =
          "{\"orderId\":\"o-later\",\"customer\":\"ada\",\"amountCents\":100,\"items\":[\"pen\"],"
              + "\"shippingDelay\":\"PT0S\"}";

      var started =
          run(
              common,
              "runs",
              "start",
              "orders.checkout",
              "--id",
              "o-later",
              "--input",
              order,
              "--start-delay",
              "2h",
              "--execution-timeout",
              "P1D");
      assertThat(started.exitCode()).as(started.err()).isZero();
      assertThat(started.out()).contains("runId: o-later");

      var described = run(common, "runs", "describe", "o-later");
      assertThat(described.out()).contains("state: pending").contains("startAt: ");
      JsonNode run = JSON.readTree(run(common, "runs", "describe", "o-later", "--json").out());
      Instant created = Instant.parse(run.path("createdAt").asText());
      Instant startAt = Instant.parse(run.path("startAt").asText());
      assertThat(startAt).isEqualTo(created.plus(Duration.ofHours(2)));
      assertThat(Instant.parse(run.path("executionDeadline").asText()))
          .isEqualTo(startAt.plus(Duration.ofDays(1)));

      var notADuration =
          run(
              common,
              "runs",
              "start",
              "orders.checkout",
              "--input",
              order,
              "--start-delay",
              "soon");
      assertThat(notADuration.exitCode()).isNotZero();
      assertThat(notADuration.err()).contains("--start-delay");
      var tooLong =
          run(
              common,
              "runs",
              "start",
              "orders.checkout",
              "--id",
              "o-never",
              "--input",
              order,
              "--execution-timeout",
              "40000d");
      assertThat(tooLong.exitCode()).isEqualTo(1);
      assertThat(tooLong.err()).contains("executionTimeout");
      assertThat(run(common, "runs", "describe", "o-never").exitCode()).isEqualTo(1);
      assertThat(dev.stop()).isZero();
    }
  }

  private static CliRunner.Result run(List<String> common, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(common);
    return CliRunner.run(Map.of(), all.toArray(String[]::new));
  }
}
