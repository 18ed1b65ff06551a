package io.continuum.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.fixture.ApiResponse;
import io.continuum.http.fixture.ApiServer;
import io.continuum.journal.Journal;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 17, item 8 over REST: a start takes {@code startDelay} and {@code executionTimeout}
 * (ISO-8601 durations), the run's view shows its start time and deadline, a deadline that passes
 * shows as an {@code execution_timeout} failure, and a bad value is a 400 that creates nothing.
 * Runs against each journal, on the real clock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RunTimingRestContract {
  private static final String RUNS = "/v1/namespaces/default/runs";
  private ApiServer server;

  protected abstract Journal journal(Vertx vertx);

  @BeforeAll
  void startServer() {
    server = new ApiServer(this::journal);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  private static String start(String id, String timing) {
    return "{\"workflow\":\"test.approve\",\"id\":\""
        + id
        + "\",\"input\":{\"id\":\""
        + id
        + "\",\"amountCents\":5}"
        + timing
        + "}";
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aDelayedRunIsPendingAndShowsWhenItStartsAndItsDeadline() {
    String id = unique("later");
    ApiResponse started =
        server.post(
            RUNS,
            server.writer,
            start(id, ",\"startDelay\":\"PT1H\",\"executionTimeout\":\"P1DT30M\""));
    assertThat(started.status()).as(started.toString()).isEqualTo(201);

    JsonObject run = server.get(RUNS + "/" + id, server.reader).json();
    assertThat(run.getString("state")).isEqualTo("pending");
    assertThat(run.getInteger("lastSeq")).isEqualTo(1);
    Instant created = Instant.parse(run.getString("createdAt"));
    Instant startAt = Instant.parse(run.getString("startAt"));
    assertThat(startAt).isEqualTo(created.plus(Duration.ofHours(1)));
    assertThat(Instant.parse(run.getString("executionDeadline")))
        .isEqualTo(startAt.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(30)));

    // A signal meanwhile is taken and kept; the run stays pending.
    assertThat(
            server
                .post(RUNS + "/" + id + "/signals/approval", server.writer, "{\"approved\":true}")
                .status())
        .isEqualTo(202);
    ApiResponse notYet = server.get(RUNS + "/" + id + "/result?wait=PT0.3S", server.reader);
    assertThat(notYet.status()).isEqualTo(202);
    assertThat(notYet.json().getString("state")).isEqualTo("pending");

    // Listed with the others, with its start time.
    JsonObject listed =
        server
            .get(RUNS + "?prefix=" + id, server.reader)
            .json()
            .getJsonArray("runs")
            .getJsonObject(0);
    assertThat(listed.getString("startAt")).isEqualTo(run.getString("startAt"));
  }

  @Test
  void aRunPastItsExecutionTimeoutShowsTheTimeoutAsItsFailure() {
    String id = unique("late");
    ApiResponse started =
        server.post(RUNS, server.writer, start(id, ",\"executionTimeout\":\"PT0.2S\""));
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    JsonObject run = server.get(RUNS + "/" + id, server.reader).json();
    assertThat(run.containsKey("startAt")).isFalse();
    assertThat(Instant.parse(run.getString("executionDeadline")))
        .isEqualTo(Instant.parse(run.getString("createdAt")).plusMillis(200));

    ApiResponse done = server.get(RUNS + "/" + id + "/result?wait=10", server.reader);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(done.json().getString("state")).isEqualTo("failed");
    assertThat(done.json().getJsonObject("failure").getString("type"))
        .isEqualTo("execution_timeout");
  }

  @Test
  void aBadDurationIsA400AndCreatesNothing() {
    String[] bad = {
      ",\"startDelay\":\"soon\"",
      ",\"startDelay\":3600",
      ",\"startDelay\":\"-PT1S\"",
      ",\"startDelay\":\"PT0.0000001S\"",
      ",\"startDelay\":\"P36600D\"",
      ",\"executionTimeout\":\"PT0S\"",
      ",\"executionTimeout\":\"-PT5M\"",
      ",\"executionTimeout\":{\"minutes\":5}",
      ",\"executionTimeout\":\"PT30M\",\"startDelay\":true",
    };
    for (String timing : bad) {
      String id = unique("bad");
      ApiResponse r = server.post(RUNS, server.writer, start(id, timing));
      assertThat(r.status()).as(timing + ": " + r).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.problem()).isEqualTo("invalid-request");
      assertThat(r.json().getString("detail")).containsAnyOf("startDelay", "executionTimeout");
      assertThat(server.get(RUNS + "/" + id, server.reader).status()).as(timing).isEqualTo(404);
    }
    // null is none, and a zero delay starts at once.
    String id = unique("plain");
    ApiResponse ok =
        server.post(
            RUNS, server.writer, start(id, ",\"startDelay\":\"PT0S\",\"executionTimeout\":null"));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    JsonObject run = server.get(RUNS + "/" + id, server.reader).json();
    assertThat(run.getString("state")).isEqualTo("suspended");
    assertThat(run.containsKey("startAt")).isFalse();
    assertThat(run.containsKey("executionDeadline")).isFalse();
  }
}
