package io.continuum.observer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NotFoundException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the system's (Debian) headless Chromium through Selenium for browser tests. Nothing is
 * ever downloaded: the chromium binary and chromedriver are taken from {@code /usr/bin} (or the
 * {@code CONTINUUM_CHROMIUM} / {@code CONTINUUM_CHROMEDRIVER} environment variables), and when they
 * are missing or cannot start, the calling test is skipped with a loud banner on stderr.
 *
 * <pre>{@code
 * try (Browser b = Browser.open()) {
 *   b.get(url);
 *   b.type("#name", "demo");
 *   b.click("button[type=submit]");
 *   b.waitUntil("row shown", () -> !b.findAll("tr.run").isEmpty());
 *   assertThat(b.consoleErrors()).isEmpty();
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

  private static final Duration FIND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration WAIT_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final String INSTALL_HINT = "apt-get install chromium chromium-driver";

  private final ChromeDriverService service;
  private final WebDriver driver;
  private boolean closed;

  private Browser(ChromeDriverService service, WebDriver driver) {
    this.service = service;
    this.driver = driver;
    // Every navigation is bounded: a page that cannot load (six connections held by cached pages'
    // live streams, say) fails the test instead of stalling it.
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
  }

  /**
   * Starts a fresh headless Chromium, or aborts (skips) the calling test when no usable
   * chromium/chromedriver is installed.
   */
  public static Browser open() {
    String chromium =
        locate("CONTINUUM_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
    String chromedriver = locate("CONTINUUM_CHROMEDRIVER", "/usr/bin/chromedriver");
    if (chromium == null || chromedriver == null) {
      skip(
          "no chromium/chromedriver found at "
              + describe("CONTINUUM_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser")
              + " / "
              + describe("CONTINUUM_CHROMEDRIVER", "/usr/bin/chromedriver")
              + "; install with: "
              + INSTALL_HINT);
    }

    // An explicit driver executable means Selenium Manager is never consulted (no downloads).
    System.setProperty("webdriver.chrome.driver", chromedriver);
    System.setProperty("SE_AVOID_STATS", "true");

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    // A page with a live stream (SSE) may never count as fully loaded while it streams: navigation
    // returns at DOMContentLoaded, and tests wait for the elements they need.
    options.setPageLoadStrategy(org.openqa.selenium.PageLoadStrategy.EAGER);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--remote-allow-origins=*");
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);

    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver))
            .usingAnyFreePort()
            .build();
    try {
      return new Browser(service, new ChromeDriver(service, options));
    } catch (WebDriverException e) {
      // SessionNotCreatedException, driver server not starting, chromium crashing on launch...
      service.stop();
      skip(
          "chromium "
              + chromium
              + " / chromedriver "
              + chromedriver
              + " failed to start: "
              + e.getClass().getSimpleName()
              + ": "
              + firstLine(e.getMessage())
              + (e.getCause() == null
                  ? ""
                  : " (cause: " + firstLine(e.getCause().getMessage()) + ")")
              + "; (re)install with: "
              + INSTALL_HINT);
      throw e; // unreachable: skip() always throws
    }
  }

  /** The underlying driver, for anything this class does not cover. */
  public WebDriver driver() {
    return driver;
  }

  /** Navigates to {@code url} and waits for the page load (Selenium's default strategy). */
  public void get(String url) {
    driver.get(url);
  }

  /** The first element matching {@code css}, waiting up to 10 s for it to be present. */
  public WebElement find(String css) {
    try {
      return new WebDriverWait(driver, FIND_TIMEOUT, POLL)
          .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    } catch (TimeoutException e) {
      throw new AssertionError("no element within 10s: " + css, e);
    }
  }

  /** All elements currently matching {@code css} (no waiting; possibly empty). */
  public List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /**
   * Polls {@code condition} every 50 ms until it returns true, for at most 15 s. Missing or stale
   * elements while polling count as "not yet".
   *
   * @throws AssertionError {@code "not within 15s: " + what} on timeout
   */
  public void waitUntil(String what, Supplier<Boolean> condition) {
    try {
      new FluentWait<>(driver)
          .withTimeout(WAIT_TIMEOUT)
          .pollingEvery(POLL)
          .ignoring(NotFoundException.class)
          .ignoring(StaleElementReferenceException.class)
          .until(d -> Boolean.TRUE.equals(condition.get()));
    } catch (TimeoutException e) {
      throw new AssertionError("not within 15s: " + what, e.getCause());
    }
  }

  /** The visible text of the first element matching {@code css} (waits like {@link #find}). */
  public String text(String css) {
    return find(css).getText();
  }

  /** Clears the field matching {@code css}, then types {@code text} into it. */
  public void type(String css, String text) {
    WebElement field = find(css);
    field.clear();
    field.sendKeys(text);
  }

  /** Clicks the element matching {@code css}, once present, visible and enabled (up to 10 s). */
  public void click(String css) {
    find(css);
    try {
      new WebDriverWait(driver, FIND_TIMEOUT, POLL)
          .until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)))
          .click();
    } catch (TimeoutException e) {
      throw new AssertionError("not clickable within 10s: " + css, e);
    }
  }

  /** Waits (up to 10 s) for a {@code confirm()}/{@code alert()} dialog and accepts it. */
  public void acceptConfirm() {
    try {
      new WebDriverWait(driver, FIND_TIMEOUT, POLL)
          .until(ExpectedConditions.alertIsPresent())
          .accept();
    } catch (TimeoutException e) {
      throw new AssertionError("no confirm dialog within 10s", e);
    }
  }

  /** Writes a PNG screenshot of the viewport to {@code png}, creating parent directories. */
  public void screenshot(Path png) {
    byte[] bytes = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(png, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write screenshot " + png, e);
    }
  }

  /**
   * SEVERE entries of the browser console log since the last call (reading drains the buffer);
   * empty if the driver does not support log retrieval.
   */
  public List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    try {
      for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
        if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
          errors.add(entry.getMessage());
        }
      }
    } catch (WebDriverException | UnsupportedOperationException e) {
      return List.of();
    }
    return errors;
  }

  /** The cookie named {@code name} for the current page, or null. */
  public Cookie cookie(String name) {
    return driver.manage().getCookieNamed(name);
  }

  /** Quits the browser and stops chromedriver; safe to call twice. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }

  private static String locate(String envVar, String... candidates) {
    String fromEnv = System.getenv(envVar);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new File(fromEnv).canExecute() ? fromEnv : null;
    }
    for (String candidate : candidates) {
      if (new File(candidate).canExecute()) {
        return candidate;
      }
    }
    return null;
  }

  private static String describe(String envVar, String... candidates) {
    String fromEnv = System.getenv(envVar);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return "$" + envVar + "=" + fromEnv;
    }
    return String.join(" or ", candidates) + " ($" + envVar + " unset)";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Prints a banner nobody can miss, then aborts the calling test (reported as skipped). */
  private static void skip(String reason) {
    String line = "!".repeat(100);
    System.err.println();
    System.err.println(line);
    System.err.println("!!! BROWSER TESTS SKIPPED: " + reason);
    System.err.println("!!! (no real browser ran: these tests proved NOTHING about the UI)");
    System.err.println(line);
    System.err.println();
    System.err.flush();
    Assumptions.abort("BROWSER TESTS SKIPPED: " + reason);
  }
}
