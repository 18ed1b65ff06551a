package io.continuum.observer;

import static io.continuum.observer.ObserverServer.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.journal.memory.InMemoryJournal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.NoAlertPresentException;

/**
 * The observer in Debian's Chromium (headless, driven by its chromedriver): log in and out, filter
 * and page, read a run's timeline, cancel and signal from the page, see a run change without a
 * reload, an XSS payload shown as text, a forged request refused, a reader without buttons, and
 * another namespace's run invisible. Skipped — loudly — only when no browser can be had.
 *
 * <p>Screenshots of the index and a run page go to {@code target/screenshots}, or to the directory
 * named by {@code -Dcontinuum.screenshots} (the README's come from {@code docs/images}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObserverBrowserTest {
  private static final String XSS = "<img src=x onerror=alert(1)>";
  private ObserverServer server;
  private Browser browser;

  @BeforeAll
  void start() {
    browser = Browser.open(); // skips the class, loudly, without a browser
    server = new ObserverServer(v -> InMemoryJournal.create());
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void loggedOut() {
    browser.driver().manage().deleteAllCookies();
  }

  private void login(String plainKey) {
    browser.get(server.url("/ui/login"));
    browser.type("#apiKey", plainKey);
    browser.click("#login");
    browser.find("#who");
  }

  private void startWaiting(String id, String order) {
    join(
        server.engine.client().start(ObserverServer.Approve.class, order, StartOptions.withId(id)));
  }

  private RunState state(String id) {
    return join(server.engine.client().getRun(id)).state();
  }

  private static Path screenshots() {
    return Path.of(System.getProperty("continuum.screenshots", "target/screenshots"));
  }

  @Test
  void loginWithAKeyThenLogout() {
    browser.get(server.url("/ui/"));
    browser.waitUntil(
        "the login page", () -> browser.driver().getCurrentUrl().endsWith("/ui/login"));
    browser.type("#apiKey", "ck_notakey_zzzzzzzzzzzzzzzzzzzz");
    browser.click("#login");
    assertThat(browser.text("#login-error")).contains("not a valid API key");

    login(server.admin.plainText());
    assertThat(browser.driver().getCurrentUrl()).endsWith("/ui/namespaces/default/runs");
    assertThat(browser.cookie("continuum_session")).isNotNull();
    assertThat(browser.cookie("continuum_session").isHttpOnly()).isTrue();

    browser.click("#logout");
    browser.find("#apiKey");
    browser.get(server.url("/ui/namespaces/default/runs"));
    browser.waitUntil(
        "sent back to the login", () -> browser.driver().getCurrentUrl().endsWith("/ui/login"));
  }

  @Test
  void filterAndPageThroughRuns() {
    for (int i = 0; i < 55; i++) {
      startWaiting(String.format("page-%02d", i), "o" + i);
    }
    join(
        server
            .engine
            .client()
            .start(ObserverServer.Echo.class, "x", StartOptions.withId("echo-done"))
            .compose(h -> h.result()));
    login(server.admin.plainText());

    browser.get(server.url("/ui/namespaces/default/runs?prefix=page-"));
    assertThat(browser.findAll("tr.run-row")).hasSize(50);
    browser.click("#next-page");
    browser.waitUntil("the second page", () -> browser.findAll("tr.run-row").size() == 5);
    assertThat(browser.driver().getCurrentUrl()).contains("cursor=").contains("prefix=page-");

    browser.get(server.url("/ui/namespaces/default/runs"));
    new org.openqa.selenium.support.ui.Select(browser.find("#filter-state"))
        .selectByValue("completed");
    browser.type("#filter-workflow", "ui.echo");
    browser.click("#apply-filters");
    browser.waitUntil(
        "only completed runs",
        () ->
            browser.findAll("tr.run-row").size() == 1
                && "echo-done".equals(browser.find("tr.run-row").getAttribute("data-run-id")));
    assertThat(browser.driver().getCurrentUrl())
        .contains("state=completed")
        .contains("workflow=ui.echo");
    // Counts load as their own fragment and may be up to 10 s old (another test counted first).
    browser.waitUntil(
        "the counts by state",
        () ->
            browser.text("#counts").contains("suspended")
                && browser.text("#counts").contains("as of"));

    // The README's picture: a namespace of its own, so its counts are counted now.
    var shop = server.engine.client().inNamespace("shop");
    for (int i = 1; i <= 6; i++) {
      join(
          shop.start(
              ObserverServer.Approve.class,
              "order-" + i,
              StartOptions.withId("order-" + i).withNamespace("shop")));
    }
    join(
        shop.start(ObserverServer.Echo.class, "hello", StartOptions.withId("greeting-1"))
            .compose(h -> h.result()));
    join(shop.cancel("order-2"));
    join(shop.signal("order-3", "approval", Map.of("by", "grace")));
    join(shop.await("order-3", String.class, ObserverServer.WAIT));
    browser.get(server.url("/ui/namespaces/shop/runs"));
    browser.waitUntil(
        "the shop's counts",
        () ->
            browser.text("#counts").contains("cancelled")
                && browser.findAll("tr.run-row").size() == 7);
    browser.screenshot(screenshots().resolve("observer-runs.png"));
  }

  @Test
  void aRunPageShowsItsTimelineAndWhyItWaitsAndUpdatesLive() {
    startWaiting("live-1", "order-live");
    login(server.admin.plainText());
    browser.get(server.url("/ui/namespaces/default/runs/live-1"));
    assertThat(browser.text("#why")).contains("waiting for signal `approval`");
    assertThat(browser.findAll("#timeline li.event")).isNotEmpty();
    assertThat(browser.find("#timeline li.event").getAttribute("data-type"))
        .isEqualTo("run_started");
    assertThat(browser.text("#run-state")).isEqualTo("suspended");
    browser.screenshot(screenshots().resolve("observer-run.png"));

    // The run ends through the API, not this page: the page follows without a reload.
    join(server.engine.client().signal("live-1", "approval", Map.of("by", "someone-else")));
    browser.waitUntil(
        "the state turns completed", () -> "completed".equals(browser.text("#run-state")));
    assertThat(browser.text("#run-result")).contains("approved order-live by someone-else");
  }

  @Test
  void theIndexUpdatesARowWithoutAReload() {
    startWaiting("row-live", "o-row");
    login(server.admin.plainText());
    browser.get(server.url("/ui/namespaces/default/runs?prefix=row-live"));
    assertThat(browser.find("tr.run-row").getAttribute("data-state")).isEqualTo("suspended");
    join(server.engine.client().cancel("row-live"));
    browser.waitUntil(
        "the row turns cancelled",
        () -> "cancelled".equals(browser.find("tr.run-row").getAttribute("data-state")));
  }

  @Test
  void cancelAndSignalFromThePage() {
    startWaiting("act-cancel", "o-c");
    startWaiting("act-signal", "o-s");
    login(server.admin.plainText());

    browser.get(server.url("/ui/namespaces/default/runs/act-cancel"));
    browser.click("#cancel-button");
    browser.acceptConfirm();
    browser.waitUntil("the answer", () -> browser.text("#action-result").contains("cancelled"));
    assertThat(state("act-cancel")).isEqualTo(RunState.CANCELLED);

    browser.get(server.url("/ui/namespaces/default/runs/act-signal"));
    browser.type("#signal-name", "approval");
    browser.type("#signal-payload", "{not json");
    browser.click("#signal-button");
    browser.waitUntil(
        "the refusal", () -> browser.text("#action-result").contains("not valid JSON"));
    assertThat(state("act-signal")).isEqualTo(RunState.SUSPENDED);
    browser.type("#signal-payload", "{\"by\":\"the page\"}");
    browser.click("#signal-button");
    browser.waitUntil("delivered", () -> browser.text("#action-result").contains("delivered"));
    assertThat(join(server.engine.client().await("act-signal", String.class, ObserverServer.WAIT)))
        .isEqualTo("approved o-s by the page");
  }

  @Test
  void anXssPayloadIsShownAsText() {
    startWaiting("xss-1", XSS);
    login(server.admin.plainText());
    browser.get(server.url("/ui/namespaces/default/runs/xss-1"));
    assertThat(browser.text("#run-input")).contains(XSS);
    assertThat(browser.findAll("#run-input img")).isEmpty();
    assertThat(browser.findAll("img")).isEmpty();
    assertThatThrownBy(() -> browser.driver().switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
    browser.get(server.url("/ui/namespaces/default/runs?prefix=xss-"));
    assertThat(browser.text("td.attrs")).contains(XSS);
    assertThat(browser.findAll("img")).isEmpty();
  }

  @Test
  void aForgedRequestWithoutTheCsrfTokenIsRefused() {
    startWaiting("csrf-1", "o-csrf");
    login(server.admin.plainText());
    var session = browser.cookie("continuum_session");
    HttpResponse<String> forged =
        server.send(
            "POST",
            "/ui/namespaces/default/runs/csrf-1/cancel",
            "continuum_session=" + session.getValue(),
            "confirm=yes");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(state("csrf-1")).isEqualTo(RunState.SUSPENDED);
  }

  @Test
  void aReaderHasNoButtonsAndIsRefusedOnTheServer() {
    startWaiting("reader-1", "o-r");
    login(server.reader.plainText());
    browser.get(server.url("/ui/namespaces/default/runs/reader-1"));
    assertThat(browser.text("#why")).contains("waiting for signal");
    assertThat(browser.findAll("#cancel-button")).isEmpty();
    assertThat(browser.findAll("#signal-button")).isEmpty();
    String csrf = browser.find("form[action='/ui/logout'] input[name=csrf]").getAttribute("value");
    HttpResponse<String> cancel =
        server.send(
            "POST",
            "/ui/namespaces/default/runs/reader-1/cancel",
            "continuum_session=" + browser.cookie("continuum_session").getValue(),
            "csrf=" + csrf);
    assertThat(cancel.statusCode()).isEqualTo(403);
    assertThat(state("reader-1")).isEqualTo(RunState.SUSPENDED);
  }

  @Test
  void anotherNamespacesRunIsInvisible() {
    startWaiting("hidden-1", "o-h");
    login(server.billing.plainText());
    assertThat(browser.driver().getCurrentUrl()).endsWith("/ui/namespaces/billing/runs");
    assertThat(browser.findAll("tr.run-row")).isEmpty();
    browser.get(server.url("/ui/namespaces/billing/runs/hidden-1"));
    assertThat(browser.text("#message-heading")).isEqualTo("Not found");
    browser.get(server.url("/ui/namespaces/default/runs"));
    assertThat(browser.text("#message-heading")).isEqualTo("Forbidden");
    assertThat(browser.consoleErrors()).noneMatch(e -> e.contains("Content Security Policy"));
  }
}
