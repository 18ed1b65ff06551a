package io.continuum.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.fixture.ApiServer;
import io.continuum.journal.memory.InMemoryJournal;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamTest {
  private static final String RUNS = "/v1/namespaces/default/runs";

  /** Reads SSE frames until the stream ends; returns "event id" pairs. */
  private static List<String> frames(InputStream body) throws Exception {
    var out = new ArrayList<String>();
    try (var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String event = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.isEmpty() && event != null) {
          out.add(event + (id == null ? "" : " " + id));
          id = null;
          event = null;
        }
      }
    }
    return out;
  }

  private static HttpResponse<InputStream> open(ApiServer server, String path, String lastId)
      throws Exception {
    var request =
        HttpRequest.newBuilder(server.uri(path))
            .header("Authorization", "Bearer " + server.reader)
            .timeout(Duration.ofSeconds(20));
    if (lastId != null) {
      request.header("Last-Event-ID", lastId);
    }
    return HttpClient.newHttpClient()
        .send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  @Test
  void aStreamReplaysTheHistoryThenFollowsNewEventsAndEndsAfterTheTerminalOne() throws Exception {
    try (var server = new ApiServer(v -> InMemoryJournal.create())) {
      server.post(
          RUNS,
          server.writer,
          "{\"workflow\":\"test.approve\",\"id\":\"sse-1\",\"input\":{\"id\":\"o\",\"amountCents\":1}}");
      var response = open(server, RUNS + "/sse-1/events", null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");

      server.post(RUNS + "/sse-1/signals/approval", server.writer, "{\"approved\":true}");
      List<String> frames = frames(response.body());

      assertThat(frames.get(0)).isEqualTo("run_started 1");
      assertThat(frames).contains("signal_received 4").last().isEqualTo("end");
      assertThat(frames.get(frames.size() - 2)).startsWith("run_completed");
      var seqs =
          frames.stream()
              .filter(f -> f.contains(" "))
              .map(f -> Integer.parseInt(f.substring(f.indexOf(' ') + 1)))
              .toList();
      assertThat(seqs).isSorted().doesNotHaveDuplicates().startsWith(1, 2);

      var resumed = frames(open(server, RUNS + "/sse-1/events", "3").body());
      assertThat(resumed.get(0)).endsWith(" 4");
      assertThat(resumed).last().isEqualTo("end");
      var afterEnd = frames(open(server, RUNS + "/sse-1/events?after=100", null).body());
      assertThat(afterEnd).containsExactly("end");
    }
  }

  @Test
  void aStreamIsNeverCompressedSoEachEventLeavesAtOnce() throws Exception {
    try (var server = new ApiServer(v -> InMemoryJournal.create())) {
      server.post(
          RUNS,
          server.writer,
          "{\"workflow\":\"test.approve\",\"id\":\"sse-2\",\"input\":{\"id\":\"o\",\"amountCents\":1}}");
      var request =
          HttpRequest.newBuilder(server.uri(RUNS + "/sse-2/events"))
              .header("Authorization", "Bearer " + server.reader)
              .header("Accept-Encoding", "gzip, deflate")
              .timeout(Duration.ofSeconds(20));
      var response =
          HttpClient.newHttpClient()
              .send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      server.post(RUNS + "/sse-2/signals/approval", server.writer, "{\"approved\":true}");
      assertThat(response.headers().firstValue("Content-Encoding").orElse("identity"))
          .isEqualTo("identity");
      assertThat(frames(response.body())).last().isEqualTo("end");
    }
  }

  @Test
  void aStreamOfAMissingRunIsAProblemNotAStream() throws Exception {
    try (var server = new ApiServer(v -> InMemoryJournal.create())) {
      var response = open(server, RUNS + "/ghost/events", null);
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
    }
  }
}
