package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, item 3: the run CLI against a dev server, as people and scripts use it. */
class RunsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void startListDescribeSignalResultHistoryAndCancelThroughTheServer(@TempDir Path dir)
      throws Exception {
    try (var dev =
        CliRunner.start(
            Map.of(), "dev", "--in-memory", "--port", "0", "--data-dir", dir.toString())) {
      String server = dev.line("api:").replace("/v1", "");
      // pointed at a local server, the CLI finds the dev key by itself (--data-dir)
      List<String> common = List.of("--server", server, "--data-dir", dir.toString());
      String order =
          "{\"orderId\":\"o-cli\",\"customer\":\"ada\",\"amountCents\":4200,\"items\":[\"book\"],"
              + "\"shippingDelay\":\"PT0S\"}";

      var started =
          run(
              common,
              "runs",
              "start",
              "orders.checkout",
              "--id",
              "o-cli",
              "--input",
              order,
              "--attr",
              "tier=gold");
      assertThat(started.exitCode()).as(started.err()).isZero();
      assertThat(started.out()).contains("runId: o-cli").contains("workflow: orders.checkout");

      var list =
          run(common, "runs", "list", "--workflow", "orders.checkout", "--attr", "tier=gold");
      assertThat(list.lines().get(0)).contains("RUN").contains("STATE");
      assertThat(list.out()).contains("o-cli");

      var json = run(common, "runs", "describe", "o-cli", "--json");
      assertThat(JSON.readTree(json.out()).path("attributes").path("tier").asText())
          .isEqualTo("gold");

      var query = run(common, "runs", "query", "o-cli", "order");
      assertThat(query.exitCode()).as(query.err()).isZero();
      assertThat(JSON.readTree(query.out()).path("orderId").asText()).isEqualTo("o-cli");
      var unknown = run(common, "runs", "query", "o-cli", "nope");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err()).contains("nope");

      var signal =
          run(common, "runs", "signal", "o-cli", "approval", "{\"approved\":true,\"by\":\"cli\"}");
      assertThat(signal.exitCode()).as(signal.err()).isZero();
      assertThat(signal.out()).contains("signal approval sent to o-cli");

      var result = run(common, "runs", "result", "o-cli", "--wait", "20s");
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("\"status\" : \"shipped\"");

      var history = run(common, "runs", "history", "o-cli");
      assertThat(history.out()).contains("run_started").contains("run_completed");

      var workflows = run(common, "workflows");
      assertThat(workflows.out()).contains("orders.checkout");

      var late = run(common, "runs", "cancel", "o-cli");
      assertThat(late.exitCode()).isEqualTo(1);
      assertThat(late.err()).isEqualTo("error: run 'o-cli' is completed\n");

      var missing = run(common, "runs", "describe", "nope");
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err()).contains("nope");
      assertThat(dev.stop()).isZero();
    }
  }

  @Test
  void watchPrintsEventsUntilTheRunEnds(@TempDir Path dir) throws Exception {
    try (var dev =
        CliRunner.start(
            Map.of(), "dev", "--in-memory", "--port", "0", "--data-dir", dir.toString())) {
      String server = dev.line("api:").replace("/v1", "");
      List<String> common = List.of("--server", server, "--data-dir", dir.toString());
      run(
          common,
          "runs",
          "start",
          "orders.checkout",
          "--id",
          "w-1",
          "--input",
          "{\"orderId\":\"w-1\",\"customer\":\"ada\",\"amountCents\":1,\"items\":[\"a\"],"
              + "\"shippingDelay\":\"PT0S\"}");
      var watching = CompletableFuture.supplyAsync(() -> run(common, "runs", "watch", "w-1"));
      run(common, "runs", "signal", "w-1", "approval", "{\"approved\":true}");
      var watch = watching.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(watch.exitCode()).as(watch.err()).isZero();
      assertThat(watch.out())
          .contains("run_started")
          .contains("signal_received")
          .contains("run_completed");
      assertThat(dev.stop()).isZero();
    }
  }

  @Test
  void updateSendsAnUpdateAndARetryWithItsIdGetsTheFirstAnswer(@TempDir Path dir) throws Exception {
    try (var dev =
        CliRunner.start(
            Map.of(), "dev", "--in-memory", "--port", "0", "--data-dir", dir.toString())) {
      String server = dev.line("api:").replace("/v1", "");
      List<String> common = List.of("--server", server, "--data-dir", dir.toString());
      var started =
          run(
              common,
              "runs",
              "start",
              "orders.subscription",
              "--id",
              "s-1",
              "--input",
              "{\"customer\":\"ada\",\"amountCents\":999,\"period\":\"P30D\","
                  + "\"cyclesPerRun\":3,\"cyclesDone\":0,\"maxCycles\":0}");
      assertThat(started.exitCode()).as(started.err()).isZero();

      var first = run(common, "runs", "update", "s-1", "price", "1299", "--id", "p-1");
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.out().strip()).isEqualTo("999");
      var again = run(common, "runs", "update", "s-1", "price", "1299", "--id", "p-1");
      assertThat(again.out().strip()).isEqualTo("999");
      var second = run(common, "runs", "update", "s-1", "price", "1500", "--json");
      assertThat(JSON.readTree(second.out()).path("result").asLong()).isEqualTo(1299);

      var refused = run(common, "runs", "update", "s-1", "price", "0");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).contains("a price is 1 to 1,000,000 cents");
      assertThat(dev.stop()).isZero();
    }
  }

  @Test
  void withoutAKeyOrAServerTheCommandSaysWhatToGive(@TempDir Path dir) {
    var noKey =
        CliRunner.run(
            Map.of(),
            "runs",
            "list",
            "--server",
            "http://127.0.0.1:1",
            "--data-dir",
            dir.toString());
    assertThat(noKey.exitCode()).isEqualTo(2);
    assertThat(noKey.err()).contains("give an API key with --api-key or CONTINUUM_API_KEY");

    var down =
        CliRunner.run(
            Map.of("CONTINUUM_API_KEY", "ck_abcd_0123456789abcdef"),
            "runs",
            "list",
            "--server",
            "http://127.0.0.1:1");
    assertThat(down.exitCode()).isEqualTo(1);
    assertThat(down.err()).contains("cannot reach the server at http://127.0.0.1:1");
  }

  private static CliRunner.Result run(List<String> common, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(common);
    return CliRunner.run(Map.of(), all.toArray(String[]::new));
  }
}
