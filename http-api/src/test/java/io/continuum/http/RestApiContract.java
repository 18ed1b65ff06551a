package io.continuum.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.fixture.ApiResponse;
import io.continuum.http.fixture.ApiServer;
import io.continuum.journal.Journal;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The REST API's behaviour, run against each journal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RestApiContract {
  protected static final String RUNS = "/v1/namespaces/default/runs";
  private static final String SIX_DIGITS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";
  protected ApiServer server;

  protected abstract Journal journal(Vertx vertx);

  @BeforeAll
  void startServer() {
    server = new ApiServer(this::journal);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected static String order(String id) {
    return "{\"workflow\":\"test.approve\",\"id\":\""
        + id
        + "\",\"input\":{\"id\":\""
        + id
        + "\",\"amountCents\":1250}}";
  }

  protected ApiResponse startOrder(String id) {
    ApiResponse r = server.post(RUNS, server.writer, order(id));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r;
  }

  /** Issue 17, item 3: signal-with-start over REST. */
  @Test
  void aStartWithASignalCreatesTheRunWithItOrSignalsTheRunThatExists() {
    String id = unique("sws");
    String body =
        "{\"workflow\":\"test.approve\",\"id\":\""
            + id
            + "\",\"input\":{\"id\":\""
            + id
            + "\",\"amountCents\":7},\"signal\":{\"name\":\"approval\",\"payload\":{\"approved\":true}}}";
    ApiResponse first = server.post(RUNS, server.writer, body);
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.json().getBoolean("signalled")).isTrue();
    ApiResponse done = server.get(RUNS + "/" + id + "/result?wait=5", server.reader);
    assertThat(done.json().getString("state")).isEqualTo("completed");
    // The run has ended: a second signal-with-start cannot deliver its signal.
    ApiResponse late = server.post(RUNS, server.writer, body);
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.problem()).isEqualTo("run-terminal");

    String noId =
        "{\"workflow\":\"test.approve\",\"input\":{\"id\":\"x\",\"amountCents\":7},"
            + "\"signal\":{\"name\":\"approval\"}}";
    assertThat(server.post(RUNS, server.writer, noId).status()).isEqualTo(400);
    String badName = body.replace("\"name\":\"approval\"", "\"name\":\"bad name\"");
    assertThat(server.post(RUNS, server.writer, badName.replace(id, id + "-b")).problem())
        .isEqualTo("invalid-signal-name");
    assertThat(server.get(RUNS + "/" + id + "-b", server.reader).status()).isEqualTo(404);
  }

  /**
   * Issue 17, item 2: an update answers once applied; a retry with its id applies nothing twice.
   */
  @Test
  void anUpdateAnswersOnceAppliedARefusalWritesNothingAndARetryGetsTheFirstAnswer() {
    String id = unique("update");
    startOrder(id);
    String notes = RUNS + "/" + id + "/updates/note";

    ApiResponse first = server.post(notes + "?id=n-1", server.writer, "\"hello\"");
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.json().getInteger("result")).isEqualTo(1);
    assertThat(first.json().getString("updateId")).isEqualTo("n-1");
    int seq = server.get(RUNS + "/" + id, server.reader).json().getInteger("lastSeq");

    ApiResponse again = server.post(notes + "?id=n-1", server.writer, "\"hello\"");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getInteger("result")).isEqualTo(1);
    ApiResponse refused = server.post(notes, server.writer, "\"  \"");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.problem()).isEqualTo("update-rejected");
    assertThat(refused.json().getString("detail")).isEqualTo("a note has text");
    assertThat(server.post(RUNS + "/" + id + "/updates/nope", server.writer, "1").problem())
        .isEqualTo("unknown-update");
    assertThat(server.post(RUNS + "/" + id + "/updates/bad%20name", server.writer, "1").status())
        .isEqualTo(400);
    assertThat(server.post(notes + "?id=bad%20id", server.writer, "\"x\"").status()).isEqualTo(400);
    assertThat(server.post(notes, server.reader, "\"x\"").status()).isEqualTo(403);
    assertThat(server.get(RUNS + "/" + id, server.reader).json().getInteger("lastSeq"))
        .isEqualTo(seq);

    ApiResponse second = server.post(notes, server.writer, "\"again\"");
    assertThat(second.json().getInteger("result")).isEqualTo(2);
    server.post(RUNS + "/" + id + "/signals/approval", server.writer, "{\"approved\":true}");
    server.get(RUNS + "/" + id + "/result?wait=5", server.reader);
    ApiResponse late = server.post(notes, server.writer, "\"late\"");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.problem()).isEqualTo("run-terminal");
  }

  @Test
  void aStartWithAnUpdateCreatesTheRunAndAnswersTheUpdate() {
    String id = unique("uws");
    String body =
        order(id).substring(0, order(id).length() - 1)
            + ",\"update\":{\"name\":\"note\",\"id\":\"u-1\",\"input\":\"first\"}}";
    ApiResponse first = server.post(RUNS, server.writer, body);
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.json().getJsonObject("update").getInteger("result")).isEqualTo(1);
    ApiResponse retry = server.post(RUNS, server.writer, body);
    assertThat(retry.json().getJsonObject("update").getInteger("result")).isEqualTo(1);
    String noId = body.replace("\"id\":\"" + id + "\",", "");
    assertThat(server.post(RUNS, server.writer, noId).status()).isEqualTo(400);
  }

  /** Issue 17, item 1: a query reads the run's state, writes nothing, and works after the end. */
  @Test
  void aQueryAnswersWhileTheRunWaitsAndAfterItEnded() {
    String id = unique("query");
    startOrder(id);
    ApiResponse waiting = server.get(RUNS + "/" + id + "/queries/status", server.reader);
    assertThat(waiting.status()).as(waiting.toString()).isEqualTo(200);
    assertThat(waiting.json().getJsonObject("result"))
        .isEqualTo(new JsonObject().put("order", id).put("status", "waiting for approval"));
    int seq = server.get(RUNS + "/" + id, server.reader).json().getInteger("lastSeq");

    ApiResponse unknown = server.get(RUNS + "/" + id + "/queries/nope", server.reader);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.problem()).isEqualTo("unknown-query");
    assertThat(server.get(RUNS + "/no-such-run/queries/status", server.reader).problem())
        .isEqualTo("run-not-found");
    assertThat(server.get(RUNS + "/" + id + "/queries/bad%20name", server.reader).status())
        .isEqualTo(400);
    assertThat(server.get(RUNS + "/" + id, server.reader).json().getInteger("lastSeq"))
        .isEqualTo(seq);

    server.post(RUNS + "/" + id + "/signals/approval", server.writer, "{\"approved\":true}");
    server.get(RUNS + "/" + id + "/result?wait=5", server.reader);
    ApiResponse done = server.get(RUNS + "/" + id + "/queries/status", server.reader);
    assertThat(done.json().getJsonObject("result").getString("status")).isEqualTo("approved");
  }

  @Test
  void aRunStartsIsSignalledAndItsResultIsAwaited() {
    String id = unique("order");
    ApiResponse started = startOrder(id);
    assertThat(started.headers().firstValue("Location")).hasValue(RUNS + "/" + id);
    assertThat(started.json().getString("runId")).isEqualTo(id);

    ApiResponse pending = server.get(RUNS + "/" + id + "/result?wait=0", server.reader);
    assertThat(pending.status()).isEqualTo(202);
    assertThat(pending.json().getBoolean("done")).isFalse();

    ApiResponse signalled =
        server.post(RUNS + "/" + id + "/signals/approval", server.writer, "{\"approved\":true}");
    assertThat(signalled.status()).as(signalled.toString()).isEqualTo(202);

    ApiResponse done = server.get(RUNS + "/" + id + "/result?wait=5", server.reader);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(done.json().getString("state")).isEqualTo("completed");
    assertThat(done.json().getJsonObject("result"))
        .isEqualTo(new JsonObject().put("order", id).put("charged", 1250));

    ApiResponse run = server.get(RUNS + "/" + id, server.reader);
    assertThat(run.json().getString("workflow")).isEqualTo("test.approve");
    assertThat(run.json().getJsonObject("attributes").getString("order")).isEqualTo(id);
  }

  @Test
  void aFailedRunShowsItsErrorWithoutAStackTrace() {
    String id = unique("rejected");
    startOrder(id);
    server.post(RUNS + "/" + id + "/signals/approval", server.writer, "{\"approved\":false}");
    ApiResponse done = server.get(RUNS + "/" + id + "/result?wait=5", server.reader);
    assertThat(done.json().getString("state")).isEqualTo("failed");
    assertThat(done.json().getJsonObject("failure").getString("message")).contains("rejected");
    assertThat(done.body()).doesNotContain("at io.continuum").doesNotContain("stackTrace");
    ApiResponse history = server.get(RUNS + "/" + id + "/history", server.reader);
    assertThat(history.body()).contains("run_failed").doesNotContain("\"stack\"");
  }

  @Test
  void historyPagesFollowEachOther() {
    String id = unique("paged");
    startOrder(id);
    server.post(RUNS + "/" + id + "/signals/approval", server.writer, "{\"approved\":true}");
    server.get(RUNS + "/" + id + "/result?wait=5", server.reader);

    ApiResponse first = server.get(RUNS + "/" + id + "/history?limit=2", server.reader);
    JsonArray events = first.json().getJsonArray("events");
    assertThat(events).hasSize(2);
    assertThat(events.getJsonObject(0).getString("type")).isEqualTo("run_started");
    // Issue 13, item 7: one style: camelCase names, six fraction digits, payloads as written
    JsonObject started = events.getJsonObject(0);
    assertThat(started.fieldNames()).contains("runId", "workflowType", "startedAt");
    assertThat(started.fieldNames()).noneMatch(n -> n.contains("_"));
    assertThat(started.getString("at")).matches(SIX_DIGITS);
    assertThat(started.getString("startedAt")).matches(SIX_DIGITS);
    assertThat(started.getJsonObject("input").fieldNames())
        .containsExactlyInAnyOrder("id", "amountCents");
    ApiResponse view = server.get(RUNS + "/" + id, server.reader);
    assertThat(view.json().getString("createdAt")).matches(SIX_DIGITS);
    assertThat(view.json().getString("updatedAt")).matches(SIX_DIGITS);
    int next = first.json().getInteger("nextAfter");
    ApiResponse rest = server.get(RUNS + "/" + id + "/history?after=" + next, server.reader);
    JsonArray tail = rest.json().getJsonArray("events");
    assertThat(tail.getJsonObject(0).getInteger("seq")).isEqualTo(next + 1);
    assertThat(tail.getJsonObject(tail.size() - 1).getString("type")).isEqualTo("run_completed");
    assertThat(rest.json().getValue("nextAfter")).isNull();
  }

  @Test
  void runsAreListedByFiltersAndAttributesAndPagedByCursor() {
    String tag = unique("batch");
    List<String> ids = List.of(unique("l"), unique("l"), unique("l"));
    for (String id : ids) {
      startOrder(id);
      ApiResponse tagged =
          server.patch(
              RUNS + "/" + id + "/attributes", server.writer, "{\"batch\":\"" + tag + "\"}");
      assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
      assertThat(tagged.json().getJsonObject("attributes").getString("batch")).isEqualTo(tag);
    }
    String query = RUNS + "?attr.batch=" + tag + "&state=suspended,running&workflow=test.approve";
    ApiResponse page1 = server.get(query + "&limit=2", server.reader);
    assertThat(page1.status()).as(page1.toString()).isEqualTo(200);
    assertThat(page1.json().getJsonArray("runs")).hasSize(2);
    String cursor = page1.json().getString("nextCursor");
    ApiResponse page2 = server.get(query + "&limit=2&cursor=" + cursor, server.reader);
    assertThat(page2.json().getJsonArray("runs")).hasSize(1);
    assertThat(page2.json().getValue("nextCursor")).isNull();
    var seen = new java.util.ArrayList<String>();
    for (ApiResponse p : List.of(page1, page2)) {
      p.json().getJsonArray("runs").forEach(r -> seen.add(((JsonObject) r).getString("runId")));
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);

    ApiResponse none = server.get(RUNS + "?attr.batch=" + tag + "&state=completed", server.reader);
    assertThat(none.json().getJsonArray("runs")).isEmpty();
  }

  /** Issue 13, item 6: each workflow type's input and result as JSON Schema. */
  @Test
  void workflowsServeTheirInputAndResultAsJsonSchema() {
    ApiResponse r = server.get("/v1/workflows", server.reader);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject approve =
        r.json().getJsonArray("workflows").stream()
            .map(JsonObject.class::cast)
            .filter(w -> w.getString("type").equals("test.approve"))
            .findFirst()
            .orElseThrow();
    JsonObject input = approve.getJsonObject("inputSchema");
    assertThat(input.getString("$schema"))
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(input.getString("type")).isEqualTo("object");
    assertThat(input.getJsonObject("properties").getJsonObject("id").getString("type"))
        .isEqualTo("string");
    assertThat(input.getJsonObject("properties").getJsonObject("amountCents").getString("type"))
        .isEqualTo("integer");
    assertThat(approve.getJsonObject("resultSchema").getString("type")).isEqualTo("object");
  }

  /** Issue 13, item 6: an input that does not fit says where and why. */
  @Test
  void anInputThatDoesNotFitNamesTheFieldAndTheReason() {
    ApiResponse r =
        server.post(
            RUNS,
            server.writer,
            "{\"workflow\":\"test.approve\",\"input\":{\"id\":\"a\",\"amountCents\":\"lots\"}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.problem()).isEqualTo("invalid-payload");
    assertThat(r.json().getString("path")).isEqualTo("$.amountCents");
    assertThat(r.json().getString("reason")).isEqualTo("'lots' is not an integer");
    assertThat(r.json().getString("detail"))
        .isEqualTo(
            "the input does not fit the workflow's input type at $.amountCents: 'lots' is not an"
                + " integer");
  }

  @Test
  void cancelEndsARunAndACompletedRunCannotBeCancelled() {
    String id = unique("cancel");
    startOrder(id);
    ApiResponse cancelled = server.post(RUNS + "/" + id + "/cancel", server.writer, null);
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(202);
    assertThat(cancelled.json().getString("state")).isEqualTo("cancelled"); // the answer waited
    assertThat(cancelled.json().getBoolean("cancelRequested")).isFalse();
    ApiResponse result = server.get(RUNS + "/" + id + "/result?wait=5", server.reader);
    assertThat(result.json().getString("state")).isEqualTo("cancelled");
    assertThat(server.post(RUNS + "/" + id + "/cancel", server.writer, null).status())
        .isEqualTo(202);

    String echo = unique("echo");
    server.post(
        RUNS,
        server.writer,
        "{\"workflow\":\"test.echo\",\"id\":\"" + echo + "\",\"input\":\"x\"}");
    assertThat(server.get(RUNS + "/" + echo + "/result?wait=5", server.reader).status())
        .isEqualTo(200);
    ApiResponse late = server.post(RUNS + "/" + echo + "/cancel", server.writer, null);
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.problem()).isEqualTo("run-terminal");
    assertThat(late.json().getString("state")).isEqualTo("completed"); // which end won
  }

  @Test
  void anIdempotencyKeyReturnsTheSameResponseAndRefusesAnotherBody() {
    String key = unique("key");
    String body = "{\"workflow\":\"test.echo\",\"input\":\"same\"}";
    var headers = new String[] {"Idempotency-Key", key};
    ApiResponse first =
        server.send(
            java.net.http.HttpRequest.newBuilder(server.uri(RUNS))
                .headers(headers)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)),
            server.writer);
    ApiResponse again =
        server.send(
            java.net.http.HttpRequest.newBuilder(server.uri(RUNS))
                .headers(headers)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)),
            server.writer);
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));

    ApiResponse other =
        server.send(
            java.net.http.HttpRequest.newBuilder(server.uri(RUNS))
                .headers(headers)
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"workflow\":\"test.echo\",\"input\":\"different\"}")),
            server.writer);
    assertThat(other.status()).as(other.toString()).isEqualTo(422);
    assertThat(other.problem()).isEqualTo("idempotency-key-reused");
    String runId = first.json().getString("runId");
    ApiResponse result = server.get(RUNS + "/" + runId + "/result?wait=5", server.reader);
    assertThat(result.json().getString("result")).isEqualTo("echo:same");
  }

  @Test
  void workflowsHealthAndTheContractAreServed() {
    ApiResponse workflows = server.get("/v1/workflows", server.reader);
    assertThat(
            workflows.json().getJsonArray("workflows").stream()
                .map(w -> ((JsonObject) w).getString("type")))
        .contains("test.approve", "test.echo");
    ApiResponse health = server.get("/v1/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().getString("status")).isEqualTo("up");
    ApiResponse contract = server.get("/v1/openapi.json", null);
    assertThat(contract.json().getString("openapi")).startsWith("3.1");
  }

  @Test
  void anotherNamespacesRunAnswersExactlyLikeAMissingOne() {
    String id = unique("billing");
    ApiResponse started =
        server.post(
            "/v1/namespaces/billing/runs",
            server.billing,
            "{\"workflow\":\"test.echo\",\"id\":\"" + id + "\",\"input\":\"x\"}");
    assertThat(started.status()).as(started.toString()).isEqualTo(201);

    for (String suffix : List.of("", "/history", "/result?wait=0", "/events")) {
      ApiResponse theirs = server.get(RUNS + "/" + id + suffix, server.admin);
      ApiResponse missing = server.get(RUNS + "/no-such-run" + suffix, server.admin);
      assertThat(theirs.status()).as(suffix).isEqualTo(404).isEqualTo(missing.status());
      assertThat(theirs.problem()).isEqualTo("run-not-found").isEqualTo(missing.problem());
      assertThat(theirs.json().getString("detail"))
          .isEqualTo(missing.json().getString("detail").replace("no-such-run", id));
    }
    assertThat(server.post(RUNS + "/" + id + "/signals/go", server.admin, "1").status())
        .isEqualTo(404);
    assertThat(server.post(RUNS + "/" + id + "/cancel", server.admin, null).status())
        .isEqualTo(404);
    assertThat(server.patch(RUNS + "/" + id + "/attributes", server.admin, "{\"a\":1}").status())
        .isEqualTo(404);
    assertThat(server.get(RUNS + "?limit=500", server.admin).body()).doesNotContain(id);
    ApiResponse own = server.get("/v1/namespaces/billing/runs/" + id, server.billing);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().getJsonObject("attributes")).isEmpty();
  }
}
