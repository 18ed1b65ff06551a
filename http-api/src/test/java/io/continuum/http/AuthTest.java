package io.continuum.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.fixture.ApiResponse;
import io.continuum.http.fixture.ApiServer;
import io.continuum.journal.memory.InMemoryJournal;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTest {
  private static final String RUNS = "/v1/namespaces/default/runs";
  private static final String ECHO = "{\"workflow\":\"test.echo\",\"input\":\"x\"}";
  private ApiServer server;

  @BeforeAll
  void start() {
    server = new ApiServer(v -> InMemoryJournal.create());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private int runCount() {
    return server.get(RUNS + "?limit=500", server.admin).json().getJsonArray("runs").size();
  }

  @Test
  void noKeyOrABadKeyIs401WithAChallengeAndWritesNothing() {
    int before = runCount();
    ApiResponse none = server.post(RUNS, null, ECHO);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.problem()).isEqualTo("unauthorized");
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
    char last = server.admin.charAt(server.admin.length() - 1);
    String forged =
        server.admin.substring(0, server.admin.length() - 1) + (last == 'x' ? 'y' : 'x');
    for (String bad : new String[] {forged, "ck_nothing_here", "Basic abc", ""}) {
      assertThat(server.post(RUNS, bad, ECHO).status()).as(bad).isEqualTo(401);
    }
    assertThat(server.get("/metrics", null).status()).isEqualTo(401);
    assertThat(server.get("/v1/workflows", null).status()).isEqualTo(401);
    assertThat(runCount()).isEqualTo(before);
  }

  @Test
  void rolesLimitWhatAKeyMayDo() {
    int before = runCount();
    ApiResponse readerStart = server.post(RUNS, server.reader, ECHO);
    assertThat(readerStart.status()).isEqualTo(403);
    assertThat(readerStart.problem()).isEqualTo("forbidden");
    assertThat(runCount()).isEqualTo(before);
    assertThat(server.get(RUNS, server.reader).status()).isEqualTo(200);
    assertThat(server.get("/metrics", server.writer).status()).isEqualTo(403);
    assertThat(server.get("/metrics", server.admin).status()).isEqualTo(200);
  }

  @Test
  void aKeyActsOnlyInItsNamespaces() {
    ApiResponse elsewhere = server.post(RUNS, server.billing, ECHO);
    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(server.get(RUNS, server.billing).status()).isEqualTo(403);
    assertThat(server.post("/v1/namespaces/billing/runs", server.billing, ECHO).status())
        .isEqualTo(201);
    assertThat(server.get("/v1/namespaces/billing/runs", server.writer).status()).isEqualTo(403);
  }

  @Test
  void healthAndTheContractNeedNoKey() {
    assertThat(server.get("/v1/health", null).status()).isEqualTo(200);
    assertThat(server.get("/v1/openapi.json", null).status()).isEqualTo(200);
  }

  @Test
  void keysAreStoredHashedAndAuthenticateByConstantTimeComparison() throws Exception {
    var generated = ApiKeys.generate(Role.READER, Set.of("default"));
    var file = java.nio.file.Files.createTempFile("keys", ".json");
    ApiKeys.of(java.util.List.of(generated.key())).write(file);
    String stored = java.nio.file.Files.readString(file);
    // ck_<id>_<secret>: the secret is base64url and may itself contain '_'
    String secret = generated.plainText().substring(("ck_" + generated.key().id() + "_").length());
    assertThat(secret).hasSizeGreaterThan(30);
    assertThat(stored).doesNotContain(secret).contains(generated.key().sha256());
    ApiKeys read = ApiKeys.read(file);
    assertThat(read.authenticate(generated.plainText())).contains(generated.key());
    assertThat(read.authenticate(generated.plainText() + "x")).isEmpty();
  }
}
