package io.continuum.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.fixture.ApiResponse;
import io.continuum.http.fixture.ApiServer;
import io.continuum.journal.Journal;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Run ids are per namespace. A key of namespace B asking about a run that exists only in namespace
 * A gets exactly the answer it gets for an id that exists nowhere — the same status, the same body
 * once the id is put aside, the same content type, and answered just as promptly (no long poll
 * waits where the other answers at once) — and changes nothing in A. A start in B with A's id makes
 * a second, separate run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class NamespaceIsolationContract {
  private static final String A_RUNS = "/v1/namespaces/default/runs";
  private static final String B_RUNS = "/v1/namespaces/billing/runs";
  private static final String TAKEN = "taken-in-a";
  private static final String ABSENT = "absent-everywhere";
  // The result route's long poll is bounded by the server's maxAwait (5 s in ApiServer): a run
  // that existed would hold the request that long; a missing one answers at once.
  private static final long PROMPT_MS = 4_000;

  private ApiServer server;
  private JsonObject aBefore;
  private String aHistoryBefore;

  protected abstract Journal journal(Vertx vertx);

  /** One run operation, made with namespace B's key on the given id. */
  record Operation(String name, BiFunction<ApiServer, String, ApiResponse> call) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Operation> operations() {
    return Stream.of(
        new Operation("get", (s, id) -> s.get(B_RUNS + "/" + id, s.billing)),
        new Operation("history", (s, id) -> s.get(B_RUNS + "/" + id + "/history", s.billing)),
        new Operation(
            "events",
            (s, id) ->
                s.send(
                    HttpRequest.newBuilder(s.uri(B_RUNS + "/" + id + "/events"))
                        .header("Accept", "text/event-stream")
                        .GET(),
                    s.billing)),
        new Operation("result", (s, id) -> s.get(B_RUNS + "/" + id + "/result?wait=5", s.billing)),
        new Operation(
            "signal",
            (s, id) ->
                s.post(B_RUNS + "/" + id + "/signals/approval", s.billing, "{\"approved\":true}")),
        new Operation("cancel", (s, id) -> s.post(B_RUNS + "/" + id + "/cancel", s.billing, "{}")),
        new Operation(
            "attributes",
            (s, id) -> s.patch(B_RUNS + "/" + id + "/attributes", s.billing, "{\"probe\":1}")),
        // B's key on A's path: refused the same way whatever the id.
        new Operation("get in a", (s, id) -> s.get(A_RUNS + "/" + id, s.billing)),
        new Operation(
            "signal in a",
            (s, id) ->
                s.post(A_RUNS + "/" + id + "/signals/approval", s.billing, "{\"approved\":true}")));
  }

  @BeforeAll
  void startServer() {
    server = new ApiServer(this::journal);
    ApiResponse taken = server.post(A_RUNS, server.writer, approve(TAKEN, "from-a"));
    assertThat(taken.status()).as(taken.toString()).isEqualTo(201);
    aBefore = server.get(A_RUNS + "/" + TAKEN, server.writer).json();
    aHistoryBefore = server.get(A_RUNS + "/" + TAKEN + "/history", server.writer).body();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static String approve(String id, String order) {
    return "{\"workflow\":\"test.approve\",\"id\":\""
        + id
        + "\",\"input\":{\"id\":\""
        + order
        + "\",\"amountCents\":5}}";
  }

  private record Timed(ApiResponse response, long millis) {}

  private Timed timed(Operation op, String id) {
    long t0 = System.nanoTime();
    ApiResponse r = op.call().apply(server, id);
    return new Timed(r, (System.nanoTime() - t0) / 1_000_000);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void anotherNamespacesRunIsAnsweredExactlyLikeAMissingOne(Operation op) {
    Timed missing = timed(op, ABSENT);
    Timed elsewhere = timed(op, TAKEN);

    assertThat(missing.response().status()).as(missing.response().toString()).isIn(403, 404);
    assertThat(elsewhere.response().status())
        .as(elsewhere.response().toString())
        .isEqualTo(missing.response().status());
    assertThat(elsewhere.response().contentType()).isEqualTo(missing.response().contentType());
    assertThat(elsewhere.response().body().replace(TAKEN, "<id>"))
        .isEqualTo(missing.response().body().replace(ABSENT, "<id>"));
    assertThat(List.of(missing.millis(), elsewhere.millis())).allMatch(ms -> ms < PROMPT_MS);

    // Nothing of A's run moved: state, seq, attributes, history, inbox (a signal would wake it).
    JsonObject now = server.get(A_RUNS + "/" + TAKEN, server.writer).json();
    assertThat(now.getString("state")).isEqualTo("suspended");
    assertThat(now.getInteger("lastSeq")).isEqualTo(aBefore.getInteger("lastSeq"));
    assertThat(now.getJsonObject("attributes")).isEqualTo(aBefore.getJsonObject("attributes"));
    assertThat(server.get(A_RUNS + "/" + TAKEN + "/history", server.writer).body())
        .isEqualTo(aHistoryBefore);
  }

  @Test
  void aStartInBWithAsIdIsASecondRunAndAnsweredLikeAFreshStart() {
    String id = "started-in-both";
    assertThat(server.post(A_RUNS, server.writer, approve(id, "from-a")).status()).isEqualTo(201);
    String aHistory = server.get(A_RUNS + "/" + id + "/history", server.writer).body();
    ApiResponse fresh = server.post(B_RUNS, server.billing, approve("fresh-in-b", "from-b"));
    ApiResponse same = server.post(B_RUNS, server.billing, approve(id, "from-b"));

    assertThat(fresh.status()).as(fresh.toString()).isEqualTo(201);
    assertThat(same.status()).as(same.toString()).isEqualTo(201);
    assertThat(same.json().fieldNames()).isEqualTo(fresh.json().fieldNames());

    JsonObject inB = server.get(B_RUNS + "/" + id, server.billing).json();
    assertThat(inB.getString("namespace")).isEqualTo("billing");
    assertThat(inB.getJsonObject("attributes").getString("order")).isEqualTo("from-b");
    JsonObject inA = server.get(A_RUNS + "/" + id, server.writer).json();
    assertThat(inA.getString("namespace")).isEqualTo("default");
    assertThat(inA.getJsonObject("attributes").getString("order")).isEqualTo("from-a");

    // The two runs live apart: B's ends, A's keeps waiting.
    assertThat(
            server
                .post(
                    B_RUNS + "/" + id + "/signals/approval", server.billing, "{\"approved\":true}")
                .status())
        .isEqualTo(202);
    JsonObject bResult = server.get(B_RUNS + "/" + id + "/result?wait=5", server.billing).json();
    assertThat(bResult.getString("state")).isEqualTo("completed");
    assertThat(server.get(A_RUNS + "/" + id, server.writer).json().getString("state"))
        .isEqualTo("suspended");
    assertThat(server.get(A_RUNS + "/" + id + "/history", server.writer).body())
        .isEqualTo(aHistory);
  }

  @Test
  void eachNamespacesListShowsOnlyItsOwnRuns() {
    List<String> inB =
        server.get(B_RUNS + "?limit=100", server.billing).json().getJsonArray("runs").stream()
            .map(r -> ((JsonObject) r).getString("namespace"))
            .distinct()
            .toList();
    assertThat(inB).allMatch("billing"::equals);
    List<String> aIds =
        server.get(A_RUNS + "?limit=100", server.writer).json().getJsonArray("runs").stream()
            .map(
                r ->
                    ((JsonObject) r).getString("namespace")
                        + ":"
                        + ((JsonObject) r).getString("runId"))
            .toList();
    assertThat(aIds).contains("default:" + TAKEN).allMatch(s -> s.startsWith("default:"));
  }
}
