package io.continuum.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiPredicate;

/**
 * The run commands' HTTP client: one blocking request at a time to a server's REST API, the key in
 * the Authorization header, problem+json turned into an {@link ApiFailure} with its detail.
 */
final class RestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final URI base;
  private final String key;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  RestClient(URI base, String key) {
    this.base = base;
    this.key = key;
  }

  /** A 4xx or 5xx answer, with the problem's detail. */
  static final class ApiFailure extends RuntimeException {
    final int status;
    final String kind;

    ApiFailure(int status, String kind, String detail) {
      super(detail);
      this.status = status;
      this.kind = kind;
    }
  }

  /** An answer: its status and its JSON body. */
  record Answer(int status, JsonNode body) {}

  static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Answer post(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json)));
  }

  /**
   * Reads a Server-Sent Events stream, handing each event's name and data to {@code event} until it
   * returns false or the stream ends.
   */
  void stream(String path, BiPredicate<String, String> event) {
    var request =
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + key)
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    try {
      HttpResponse<java.io.InputStream> r =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() >= 400) {
        throw failure(r.statusCode(), new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
      }
      try (var lines =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String name = "message";
        var data = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.isEmpty()) {
            if (data.length() > 0 && !event.test(name, data.toString())) {
              return;
            }
            name = "message";
            data.setLength(0);
          } else if (line.startsWith("event:")) {
            name = line.substring(6).strip();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
          }
        }
      }
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          http.send(
              request.timeout(TIMEOUT).header("Authorization", "Bearer " + key).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 400) {
        throw failure(r.statusCode(), r.body());
      }
      return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private ApiFailure failure(int status, String body) {
    try {
      JsonNode problem = JSON.readTree(body);
      String type = problem.path("type").asText("");
      return new ApiFailure(
          status,
          type.substring(type.lastIndexOf(':') + 1),
          problem.path("detail").asText("HTTP " + status));
    } catch (IOException e) {
      return new ApiFailure(status, "http-" + status, "HTTP " + status);
    }
  }

  private IllegalStateException unreachable(IOException e) {
    String why =
        e instanceof ConnectException
            ? "connection refused"
            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new IllegalStateException(
        "cannot reach the server at " + base + " (" + why + "); is it running?", e);
  }
}
