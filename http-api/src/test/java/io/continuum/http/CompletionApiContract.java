package io.continuum.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.fixture.ApiResponse;
import io.continuum.http.fixture.ApiServer;
import io.continuum.http.fixture.TestWorkflows;
import io.continuum.journal.Journal;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /v1/completions/{token}}: external completion of activities over REST, on every
 * journal (the in-memory one and Postgres extend this class).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CompletionApiContract {
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

  private String startAndTakeToken(String id) throws Exception {
    ApiResponse r =
        server.post(
            RUNS,
            server.writer,
            "{\"workflow\":\"test.external\",\"id\":\"" + id + "\",\"input\":\"inv-" + id + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return TestWorkflows.APPROVER.token(id).get(20, TimeUnit.SECONDS);
  }

  private static String completion(String token) {
    return "/v1/completions/" + token;
  }

  private JsonObject result(String id) {
    return server.get(RUNS + "/" + id + "/result?wait=10", server.reader).json();
  }

  private String state(String id) {
    return server.get(RUNS + "/" + id, server.reader).json().getString("state");
  }

  private String history(String id) {
    return server.get(RUNS + "/" + id + "/history", server.reader).body();
  }

  @Test
  void aResultPostedWithTheTokenCompletesTheActivityAndTheRun() throws Exception {
    String id = "ext-" + UUID.randomUUID().toString().substring(0, 8);
    String token = startAndTakeToken(id);

    ApiResponse r =
        server.post(completion(token), server.writer, "{\"result\":{\"approvedBy\":\"alice\"}}");

    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(r.json().getString("outcome")).isEqualTo("completed");
    JsonObject done = result(id);
    assertThat(done.getString("state")).isEqualTo("completed");
    assertThat(done.getJsonObject("result").getString("approvedBy")).isEqualTo("alice");

    String before = history(id);
    ApiResponse reused = server.post(completion(token), server.writer, "{\"result\":1}");
    assertThat(reused.status()).as(reused.toString()).isEqualTo(409);
    assertThat(reused.problem()).isEqualTo("activity-not-pending");
    assertThat(reused.contentType()).startsWith("application/problem+json");
    assertThat(history(id)).isEqualTo(before);
  }

  @Test
  void aFailurePostedWithTheTokenFailsTheActivity() throws Exception {
    String id = "ext-" + UUID.randomUUID().toString().substring(0, 8);
    String token = startAndTakeToken(id);

    ApiResponse r =
        server.post(
            completion(token),
            server.writer,
            "{\"failure\":{\"message\":\"card declined\",\"type\":\"payments.Declined\"}}");

    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(r.json().getString("outcome")).isEqualTo("failed");
    JsonObject done = result(id);
    assertThat(done.getString("state")).isEqualTo("failed");
    assertThat(done.encode()).contains("card declined");
  }

  @Test
  void forgedTamperedOrMalformedTokensAreRefusedAndWriteNothing() throws Exception {
    String id = "ext-" + UUID.randomUUID().toString().substring(0, 8);
    String token = startAndTakeToken(id);
    String before = history(id);
    String[] parts = token.split("\\.");
    String claim = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String otherRun =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claim.replace(id, id + "x").getBytes(StandardCharsets.UTF_8));
    String flipped =
        parts[0]
            + "."
            + parts[1]
            + "."
            + (parts[2].charAt(0) == 'A' ? "B" : "A")
            + parts[2].substring(1);

    for (String bad :
        new String[] {
          "ct1.ZGVmYXVsdAp4CjEKMQox.AAAA", // a well-formed claim under a made-up signature
          parts[0] + "." + otherRun + "." + parts[2], // another run, the original signature
          flipped,
          "nonsense"
        }) {
      ApiResponse r = server.post(completion(bad), server.writer, "{\"result\":true}");
      assertThat(r.status()).as(bad + " " + r).isEqualTo(404);
      assertThat(r.problem()).isEqualTo("invalid-completion-token");
    }
    assertThat(history(id)).isEqualTo(before);
    assertThat(state(id)).isEqualTo("suspended");
  }

  @Test
  void aTokenIsUselessOnceTheRunIsCancelled() throws Exception {
    String id = "ext-" + UUID.randomUUID().toString().substring(0, 8);
    String token = startAndTakeToken(id);
    ApiResponse cancel = server.post(RUNS + "/" + id + "/cancel", server.writer, null);
    assertThat(cancel.status()).as(cancel.toString()).isEqualTo(202);
    assertThat(result(id).getString("state")).isEqualTo("cancelled");
    String before = history(id);

    ApiResponse r = server.post(completion(token), server.writer, "{\"result\":true}");

    assertThat(r.status()).as(r.toString()).isEqualTo(409);
    assertThat(r.problem()).isEqualTo("activity-not-pending");
    assertThat(history(id)).isEqualTo(before);
  }

  @Test
  void theKeyNeedsTheWriterRoleInTheTokensNamespaceAndTheBodyOneOutcome() throws Exception {
    String id = "ext-" + UUID.randomUUID().toString().substring(0, 8);
    String token = startAndTakeToken(id);

    assertThat(server.post(completion(token), server.reader, "{\"result\":1}").status())
        .isEqualTo(403);
    assertThat(server.post(completion(token), server.billing, "{\"result\":1}").status())
        .isEqualTo(403);
    assertThat(server.post(completion(token), null, "{\"result\":1}").status()).isEqualTo(401);
    for (String body :
        new String[] {
          "{}",
          "{\"result\":1,\"failure\":{\"message\":\"x\"}}",
          "{\"outcome\":1}",
          "{\"failure\":\"no\"}",
          "{\"failure\":{\"message\":\"x\",\"type\":\"has space\"}}",
          "{\"failure\":{\"type\":\"x\"}}",
          "[1]"
        }) {
      ApiResponse r = server.post(completion(token), server.writer, body);
      assertThat(r.status()).as(body + " " + r).isEqualTo(400);
    }
    assertThat(state(id)).isEqualTo("suspended");

    ApiResponse ok = server.post(completion(token), server.admin, "{\"result\":{\"ok\":true}}");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(202);
    assertThat(result(id).getString("state")).isEqualTo("completed");
  }
}
