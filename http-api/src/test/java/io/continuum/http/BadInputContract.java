package io.continuum.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunQuery;
import io.continuum.http.fixture.ApiResponse;
import io.continuum.http.fixture.ApiServer;
import io.continuum.journal.Journal;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table: each request is refused with its status and problem type, and nothing is
 * written — no run appears in any namespace, and the two standing runs keep their history, inbox
 * and attributes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BadInputContract {
  private static final String RUNS = "/v1/namespaces/default/runs";
  private static final String OPEN = RUNS + "/open-run";
  private static final String DONE = RUNS + "/done-run";
  private ApiServer server;
  private String before;

  protected abstract Journal journal(Vertx vertx);

  record Case(String name, int status, String problem, Function<ApiServer, ApiResponse> call) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static HttpRequest.Builder raw(ApiServer s, String method, String path, byte[] body) {
    return HttpRequest.newBuilder(s.uri(path))
        .header("Content-Type", "application/json")
        .method(method, BodyPublishers.ofByteArray(body));
  }

  private static Case post(String name, int status, String problem, String path, String json) {
    return new Case(name, status, problem, s -> s.post(path, s.writer, json));
  }

  private static Case bytes(String name, int status, String problem, byte[] body) {
    return new Case(name, status, problem, s -> s.send(raw(s, "POST", RUNS, body), s.writer));
  }

  private static Case get(String name, int status, String problem, String path) {
    return new Case(name, status, problem, s -> s.get(path, s.reader));
  }

  private static String start(String input) {
    return "{\"workflow\":\"test.approve\",\"input\":" + input + "}";
  }

  static Stream<Case> cases() {
    List<Case> all = new ArrayList<>();
    String deep = "[".repeat(200) + "]".repeat(200);
    all.add(
        post(
            "body over the limit",
            413,
            "payload-too-large",
            RUNS,
            start("{\"id\":\"" + "x".repeat(70_000) + "\",\"amountCents\":1}")));
    all.add(post("nesting deeper than 64", 400, "invalid-json", RUNS, start(deep)));
    all.add(
        post(
            "number longer than 100 digits",
            400,
            "invalid-json",
            RUNS,
            start("{\"id\":\"a\",\"amountCents\":" + "9".repeat(150) + "}")));
    all.add(
        bytes(
            "raw NUL byte",
            400,
            "invalid-text",
            ("{\"workflow\":\"test.echo\",\"input\":\"a\u0000b\"}").getBytes()));
    all.add(
        post(
            "escaped NUL character",
            400,
            "invalid-text",
            RUNS,
            "{\"workflow\":\"test.echo\",\"input\":\"a\\u0000b\"}"));
    all.add(
        bytes(
            "invalid UTF-8",
            400,
            "invalid-text",
            new byte[] {'{', '"', 'w', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
    all.add(
        bytes(
            "overlong UTF-8",
            400,
            "invalid-text",
            new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}));
    all.add(
        post(
            "duplicate keys",
            400,
            "invalid-json",
            RUNS,
            "{\"workflow\":\"test.echo\",\"workflow\":\"test.approve\",\"input\":\"a\"}"));
    all.add(
        post(
            "trailing garbage",
            400,
            "invalid-json",
            RUNS,
            "{\"workflow\":\"test.echo\",\"input\":\"a\"} {}"));
    all.add(post("not JSON", 400, "invalid-json", RUNS, "workflow=test.echo"));
    all.add(post("not an object", 400, "invalid-request", RUNS, "[1,2]"));
    all.add(
        post(
            "unknown field",
            400,
            "unknown-field",
            RUNS,
            "{\"workflow\":\"test.echo\",\"input\":\"a\",\"priority\":1}"));
    all.add(post("missing workflow", 400, "invalid-request", RUNS, "{\"input\":\"a\"}"));
    all.add(
        post(
            "run id with a space",
            400,
            "invalid-run-id",
            RUNS,
            "{\"workflow\":\"test.echo\",\"input\":\"a\",\"id\":\"a b\"}"));
    all.add(
        post(
            "run id of 201 characters",
            400,
            "invalid-run-id",
            RUNS,
            "{\"workflow\":\"test.echo\",\"input\":\"a\",\"id\":\"" + "r".repeat(201) + "\"}"));
    all.add(
        post(
            "run id not a string",
            400,
            "invalid-run-id",
            RUNS,
            "{\"workflow\":\"test.echo\",\"input\":\"a\",\"id\":42}"));
    all.add(
        post(
            "input of the wrong shape",
            400,
            "invalid-payload",
            RUNS,
            start("{\"id\":\"a\",\"amountCents\":\"lots\"}")));
    all.add(
        post(
            "bad attribute name",
            400,
            "invalid-attributes",
            RUNS,
            "{\"workflow\":\"test.echo\",\"input\":\"a\",\"attributes\":{\"bad name\":1}}"));
    all.add(
        post(
            "attribute value an object",
            400,
            "invalid-attributes",
            RUNS,
            "{\"workflow\":\"test.echo\",\"input\":\"a\",\"attributes\":{\"a\":{\"b\":1}}}"));
    all.add(
        post(
            "unknown workflow",
            404,
            "unknown-workflow-type",
            RUNS,
            "{\"workflow\":\"no.such\",\"input\":\"a\"}"));
    all.add(
        post(
            "invalid namespace",
            400,
            "invalid-namespace",
            "/v1/namespaces/Bad_NS/runs",
            start("{\"id\":\"a\",\"amountCents\":1}")));
    all.add(
        new Case(
            "wrong content type",
            415,
            "unsupported-media-type",
            s ->
                s.send(
                    HttpRequest.newBuilder(s.uri(RUNS))
                        .header("Content-Type", "text/plain")
                        .POST(BodyPublishers.ofString(start("\"a\""))),
                    s.writer)));
    all.add(
        new Case(
            "invalid Idempotency-Key",
            400,
            "invalid-idempotency-key",
            s ->
                s.send(
                    raw(s, "POST", RUNS, "{\"workflow\":\"test.echo\",\"input\":\"a\"}".getBytes())
                        .header("Idempotency-Key", "has space"),
                    s.writer)));
    all.add(
        new Case(
            "id and Idempotency-Key",
            400,
            "invalid-request",
            s ->
                s.send(
                    raw(
                            s,
                            "POST",
                            RUNS,
                            "{\"workflow\":\"test.echo\",\"input\":\"a\",\"id\":\"x1\"}".getBytes())
                        .header("Idempotency-Key", "k1"),
                    s.writer)));
    all.add(
        post(
            "signal to a missing run",
            404,
            "run-not-found",
            RUNS + "/ghost/signals/approval",
            "{\"approved\":true}"));
    all.add(
        post(
            "signal to a finished run",
            409,
            "run-terminal",
            DONE + "/signals/approval",
            "{\"approved\":true}"));
    all.add(
        post(
            "signal name with a slash-like char",
            400,
            "invalid-signal-name",
            OPEN + "/signals/bad%20name",
            "{}"));
    all.add(post("signal body not JSON", 400, "invalid-json", OPEN + "/signals/approval", "{oops"));
    all.add(post("cancel a missing run", 404, "run-not-found", RUNS + "/ghost/cancel", null));
    all.add(post("cancel a finished run", 409, "run-terminal", DONE + "/cancel", null));
    all.add(
        new Case(
            "attributes on a missing run",
            404,
            "run-not-found",
            s -> s.patch(RUNS + "/ghost/attributes", s.writer, "{\"a\":1}")));
    all.add(
        new Case(
            "attributes not an object",
            400,
            "invalid-request",
            s -> s.patch(OPEN + "/attributes", s.writer, "[1]")));
    all.add(
        new Case(
            "attribute value null",
            400,
            "invalid-attributes",
            s -> s.patch(OPEN + "/attributes", s.writer, "{\"a\":null}")));
    all.add(get("run id with NUL", 400, "invalid-text", RUNS + "/a%00b"));
    all.add(get("run id too long", 400, "invalid-run-id", RUNS + "/" + "r".repeat(201)));
    all.add(get("unknown filter", 400, "unknown-parameter", RUNS + "?color=red"));
    all.add(get("unknown state", 400, "invalid-parameter", RUNS + "?state=sleeping"));
    all.add(get("limit not a number", 400, "invalid-parameter", RUNS + "?limit=ten"));
    all.add(get("bad createdFrom", 400, "invalid-parameter", RUNS + "?createdFrom=yesterday"));
    all.add(
        get(
            "empty time range",
            400,
            "invalid-query",
            RUNS + "?createdFrom=2026-02-01T00:00:00Z&createdBefore=2026-01-01T00:00:00Z"));
    all.add(get("forged cursor", 400, "invalid-query", RUNS + "?cursor=Zm9yZ2Vk"));
    all.add(get("repeated parameter", 400, "invalid-parameter", RUNS + "?limit=1&limit=2"));
    all.add(get("history after negative", 400, "invalid-parameter", OPEN + "/history?after=-1"));
    all.add(get("history unknown parameter", 400, "unknown-parameter", OPEN + "/history?from=1"));
    all.add(
        get("result wait not a duration", 400, "invalid-parameter", OPEN + "/result?wait=soon"));
    all.add(get("missing run", 404, "run-not-found", RUNS + "/ghost"));
    all.add(get("unknown parameter on a run", 400, "unknown-parameter", OPEN + "?verbose=1"));
    all.add(
        post(
            "unknown parameter on a start",
            400,
            "unknown-parameter",
            RUNS + "?dryRun=1",
            "{\"workflow\":\"test.echo\",\"input\":\"a\"}"));
    all.add(get("unknown route", 404, "not-found", "/v1/nothing-here"));
    all.add(
        new Case(
            "wrong method",
            405,
            "method-not-allowed",
            s -> s.send(HttpRequest.newBuilder(s.uri(OPEN)).DELETE(), s.writer)));
    // Issue 12, defect 6: numbers JSON cannot carry, and cursors nobody signed.
    all.add(
        post(
            "signal body with an infinite number",
            400,
            "invalid-json",
            OPEN + "/signals/approval",
            "{\"approved\":true,\"n\":1e999999}"));
    all.add(
        post(
            "signal body with a negative infinite number",
            400,
            "invalid-json",
            OPEN + "/signals/approval",
            "[-1e999999]"));
    all.add(
        post(
            "start input with an infinite number",
            400,
            "invalid-json",
            RUNS,
            start("{\"id\":\"a\",\"amountCents\":1e999999}")));
    all.add(
        new Case(
            "attributes with an infinite number",
            400,
            "invalid-json",
            s -> s.patch(OPEN + "/attributes", s.writer, "{\"x\":1e999999}")));
    all.add(get("filter with an infinite number", 400, "invalid-query", RUNS + "?attr.x=1e999999"));
    all.add(get("cursor with a NUL", 400, "invalid-query", RUNS + "?cursor=abc%00def"));
    all.add(
        get(
            "hand-made cursor of the unsigned format, checksum right",
            400,
            "invalid-query",
            RUNS + "?cursor=" + unsignedCursor("open-run")));
    all.add(
        get(
            "hand-made cursor with a NUL in its run id",
            400,
            "invalid-query",
            RUNS + "?cursor=" + b64("c2\n0\n0\na\u0000b") + "." + b64(new String(new char[16]))));
    all.add(
        new Case(
            "a real cursor with one character of its position changed",
            400,
            "invalid-query",
            s -> s.get(RUNS + "?limit=1&cursor=" + alter(realCursor(s), 2), s.reader)));
    all.add(
        new Case(
            "a real cursor with one character of its signature changed",
            400,
            "invalid-query",
            s -> {
              String c = realCursor(s);
              return s.get(RUNS + "?limit=1&cursor=" + alter(c, c.length() - 3), s.reader);
            }));
    all.add(
        new Case(
            "a real cursor used with other filters",
            400,
            "invalid-query",
            s -> s.get(RUNS + "?limit=1&state=completed&cursor=" + realCursor(s), s.reader)));
    all.add(
        new Case(
            "a real cursor used in another namespace",
            400,
            "invalid-query",
            s -> s.get("/v1/namespaces/billing/runs?limit=1&cursor=" + realCursor(s), s.admin)));
    return all.stream();
  }

  private static String b64(String text) {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The next cursor of the default namespace's first page of one run. */
  private static String realCursor(ApiServer s) {
    String c = s.get(RUNS + "?limit=1", s.admin).json().getString("nextCursor");
    assertThat(c).as("a first page of one run has a next cursor").isNotNull();
    return c;
  }

  private static String alter(String cursor, int at) {
    char c = cursor.charAt(at);
    return cursor.substring(0, at) + (c == 'A' ? 'B' : 'A') + cursor.substring(at + 1);
  }

  /** The cursor format before signing: a SHA-256 prefix of the filters anyone could compute. */
  private static String unsignedCursor(String runId) {
    try {
      String filters = String.join("\u0000", "default", "", "null", "null", "null", "{}");
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(filters.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String hash = java.util.HexFormat.of().formatHex(d, 0, 8);
      return b64(String.join("\n", "c1", hash, "0", "0", runId));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  void startServer() {
    server = new ApiServer(this::journal);
    ApiResponse open =
        server.post(
            RUNS,
            server.writer,
            "{\"workflow\":\"test.approve\",\"id\":\"open-run\",\"input\":{\"id\":\"o\",\"amountCents\":5}}");
    assertThat(open.status()).as(open.toString()).isEqualTo(201);
    server.post(
        RUNS, server.writer, "{\"workflow\":\"test.echo\",\"id\":\"done-run\",\"input\":\"x\"}");
    assertThat(server.get(DONE + "/result?wait=5", server.reader).json().getString("state"))
        .isEqualTo("completed");
    before = snapshot();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  /** Everything a refused request could have changed, as text. */
  private String snapshot() {
    var client = server.engine.client();
    var sb = new StringBuilder();
    for (String ns : List.of("default", "bad-ns", "billing")) {
      ApiServer.join(client.query(RunQuery.in(ns).withLimit(500)))
          .runs()
          .forEach(
              r ->
                  sb.append(r.runId())
                      .append(' ')
                      .append(r.state())
                      .append(' ')
                      .append(r.lastSeq())
                      .append(' ')
                      .append(r.attributes())
                      .append('\n'));
    }
    for (String id : List.of("open-run", "done-run")) {
      sb.append(id)
          .append(" inbox ")
          .append(ApiServer.join(server.engine.journal().inbox(id)).items().size())
          .append('\n');
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedAndWritesNothing(Case c) {
    ApiResponse r = c.call().apply(server);

    assertThat(r.status()).as(r.toString()).isEqualTo(c.status());
    assertThat(r.problem()).as(r.toString()).isEqualTo(c.problem());
    assertThat(r.json().getInteger("status")).isEqualTo(c.status());
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("SQL");
    assertThat(snapshot()).isEqualTo(before);
  }

  @ParameterizedTest(name = "limit {0} is clamped")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-5", "100000"})
  void limitsAreClamped(String limit) {
    ApiResponse r = server.get(RUNS + "?limit=" + limit, server.reader);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getInteger("limit")).isBetween(1, RunQuery.MAX_LIMIT);
  }
}
