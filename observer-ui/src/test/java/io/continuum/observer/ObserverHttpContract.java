package io.continuum.observer;

import static io.continuum.observer.ObserverServer.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.journal.Journal;
import io.vertx.core.Vertx;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The observer's security and pages over plain HTTP, on every journal: sessions, CSRF, roles
 * enforced on the server, namespaces, escaping and the headers that keep a page from running
 * injected script. (The browser tests check the same from a real Chromium.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ObserverHttpContract {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final String XSS = "<img src=x onerror=alert(1)>";
  private ObserverServer server;

  protected abstract Journal journal(Vertx vertx);

  @BeforeAll
  void start() {
    server = new ObserverServer(this::journal);
    join(
        server
            .engine
            .client()
            .start(ObserverServer.Approve.class, XSS, StartOptions.withId("waiting-1")));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private String login(String plainKey) {
    HttpResponse<String> r =
        server.send(
            "POST",
            "/ui/login",
            null,
            "apiKey=" + URLEncoder.encode(plainKey, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
    assertThat(setCookie).contains("Path=/ui/").doesNotContain("Secure"); // loopback: plain http
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a CSRF token in the page").isTrue();
    return m.group(1);
  }

  private RunState state(String id) {
    return join(server.engine.client().getRun(id)).state();
  }

  @Test
  void withoutASessionEveryPageSendsToTheLoginAndABadKeyIsRefused() {
    HttpResponse<String> index = server.send("GET", "/ui/namespaces/default/runs", null, null);
    assertThat(index.statusCode()).isEqualTo(303);
    assertThat(index.headers().firstValue("Location")).hasValue("/ui/login");
    assertThat(server.send("GET", "/", null, null).headers().firstValue("Location"))
        .hasValue("/ui/");
    HttpResponse<String> bad = server.send("POST", "/ui/login", null, "apiKey=ck_nope_nope");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.body()).contains("not a valid API key");
    // A forged cookie is no session.
    HttpResponse<String> forged =
        server.send("GET", "/ui/namespaces/default/runs", "continuum_session=a.1.b.c", null);
    assertThat(forged.statusCode()).isEqualTo(303);
  }

  @Test
  void pagesCarryAStrictContentSecurityPolicyAndEscapeEverything() {
    String cookie = login(server.admin.plainText());
    HttpResponse<String> page =
        server.send("GET", "/ui/namespaces/default/runs/waiting-1", cookie, null);
    assertThat(page.statusCode()).isEqualTo(200);
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'");
    assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(page.body()).doesNotContain(XSS).contains("&lt;img src=x onerror=alert(1)&gt;");
    assertThat(page.body()).contains("waiting for signal `approval`");
    assertThat(page.body()).doesNotContain("<script>").doesNotContain("onclick=");
    HttpResponse<String> counts =
        server.send("GET", "/ui/namespaces/default/runs/counts", cookie, null);
    assertThat(counts.statusCode()).isEqualTo(200);
    assertThat(counts.body()).contains("suspended").contains("as of");
  }

  @Test
  void aStateChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
    String cookie = login(server.admin.plainText());
    HttpResponse<String> forged =
        server.send("POST", "/ui/namespaces/default/runs/waiting-1/cancel", cookie, "x=1");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("CSRF");
    HttpResponse<String> wrong =
        server.send("POST", "/ui/namespaces/default/runs/waiting-1/cancel", cookie, "csrf=abc");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(state("waiting-1")).isEqualTo(RunState.SUSPENDED);
  }

  @Test
  void aReaderSeesNoActionsAndIsRefusedOnTheServer() {
    String cookie = login(server.reader.plainText());
    HttpResponse<String> page =
        server.send("GET", "/ui/namespaces/default/runs/waiting-1", cookie, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).doesNotContain("id=\"cancel-button\"").doesNotContain("id=\"signal\"");
    String token = csrf(page.body());
    HttpResponse<String> cancel =
        server.send(
            "POST", "/ui/namespaces/default/runs/waiting-1/cancel", cookie, "csrf=" + token);
    assertThat(cancel.statusCode()).isEqualTo(403);
    HttpResponse<String> signal =
        server.send(
            "POST",
            "/ui/namespaces/default/runs/waiting-1/signal",
            cookie,
            "csrf=" + token + "&signalName=approval&payload=%7B%22by%22%3A%22r%22%7D");
    assertThat(signal.statusCode()).isEqualTo(403);
    assertThat(state("waiting-1")).isEqualTo(RunState.SUSPENDED);
  }

  @Test
  void anotherNamespacesRunIsInvisible() {
    String cookie = login(server.billing.plainText());
    HttpResponse<String> elsewhere =
        server.send("GET", "/ui/namespaces/billing/runs/waiting-1", cookie, null);
    HttpResponse<String> missing =
        server.send("GET", "/ui/namespaces/billing/runs/no-such-run", cookie, null);
    assertThat(elsewhere.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
    assertThat(elsewhere.body().replace("waiting-1", "<id>"))
        .isEqualTo(missing.body().replace("no-such-run", "<id>"));
    assertThat(server.send("GET", "/ui/namespaces/default/runs", cookie, null).statusCode())
        .isEqualTo(403);
    HttpResponse<String> list = server.send("GET", "/ui/namespaces/billing/runs", cookie, null);
    assertThat(list.body()).doesNotContain("waiting-1");
  }

  @Test
  void aSignalWithBadJsonIsRefusedInlineAndAGoodOneLands() {
    String cookie = login(server.admin.plainText());
    join(
        server
            .engine
            .client()
            .start(ObserverServer.Approve.class, "o-2", StartOptions.withId("signal-me")));
    String token =
        csrf(server.send("GET", "/ui/namespaces/default/runs/signal-me", cookie, null).body());
    HttpResponse<String> bad =
        server.send(
            "POST",
            "/ui/namespaces/default/runs/signal-me/signal",
            cookie,
            "csrf=" + token + "&signalName=approval&payload=%7Bnope");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("not valid JSON");
    HttpResponse<String> infinite =
        server.send(
            "POST",
            "/ui/namespaces/default/runs/signal-me/signal",
            cookie,
            "csrf=" + token + "&signalName=approval&payload=%7B%22by%22%3A1e999999%7D");
    assertThat(infinite.statusCode()).isEqualTo(400);
    assertThat(state("signal-me")).isEqualTo(RunState.SUSPENDED);
    HttpResponse<String> good =
        server.send(
            "POST",
            "/ui/namespaces/default/runs/signal-me/signal",
            cookie,
            "csrf=" + token + "&signalName=approval&payload=%7B%22by%22%3A%22grace%22%7D");
    assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
    assertThat(join(server.engine.client().await("signal-me", String.class, ObserverServer.WAIT)))
        .isEqualTo("approved o-2 by grace");
  }

  @Test
  void aRunPageSaysWhichAttemptFailedWhenItRetriesAndWhatWaitsInTheMailbox() {
    String cookie = login(server.admin.plainText());
    join(
        server
            .engine
            .client()
            .start(ObserverServer.Charge.class, "o-9", StartOptions.withId("charging")));
    awaitPage(
        cookie,
        "/ui/namespaces/default/runs/charging",
        "attempt 1 of 3 failed: card declined for o-9, retry at");
    // A signal the run does not wait for stays in its mailbox, shown as text.
    join(server.engine.client().signal("charging", "note", XSS));
    String page = awaitPage(cookie, "/ui/namespaces/default/runs/charging", "id=\"mailbox\"");
    assertThat(page)
        .contains("<th>note</th>")
        .contains("&quot;&lt;img src=x onerror=alert(1)&gt;&quot;");
  }

  /** The page once it contains {@code text} (the engine works in the background), bounded. */
  private String awaitPage(String cookie, String path, String text) {
    long deadline = System.nanoTime() + ObserverServer.WAIT.toNanos();
    String body;
    do {
      body = server.send("GET", path, cookie, null).body();
      if (body.contains(text)) {
        return body;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("not within " + ObserverServer.WAIT + ": '" + text + "' in\n" + body);
  }

  @Test
  void theWorkflowsPageListsVersionsTheirNodesAndPinnedRuns() {
    String cookie = login(server.admin.plainText());
    HttpResponse<String> page = server.send("GET", "/ui/workflows", cookie, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("ui.approve").contains("ui-test").contains("newest");
    HttpResponse<String> go = server.send("GET", "/ui/namespace?ns=billing", cookie, null);
    assertThat(go.headers().firstValue("Location")).hasValue("/ui/namespaces/billing/runs");
    assertThat(server.send("GET", "/ui/namespace?ns=Bad%2Fns", cookie, null).statusCode())
        .isEqualTo(400);
  }

  @Test
  void logoutEndsTheSessionInTheBrowser() {
    String cookie = login(server.admin.plainText());
    String token = csrf(server.send("GET", "/ui/namespaces/default/runs", cookie, null).body());
    HttpResponse<String> out = server.send("POST", "/ui/logout", cookie, "csrf=" + token);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
  }
}
