package io.continuum.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the REST API listens, what it accepts and how long it waits. Every request but the long polls
 * (a result with {@code wait}, an event stream) has a deadline: past it the request answers {@code
 * 503 unavailable} with {@code Retry-After}, whatever the journal is doing.
 *
 * <pre>{@code
 * var options = HttpApiOptions.defaults()
 *     .withPort(8080)
 *     .withApiKeys(ApiKeys.read(Path.of("keys.json")))
 *     .withRequestTimeout(Duration.ofSeconds(10))
 *     .withPrometheus(prometheusRegistry);   // serves /metrics; null for none
 * }</pre>
 *
 * @param host the interface to bind
 * @param port the port; 0 picks a free one
 * @param bodyLimitBytes the largest request body accepted (413 above it)
 * @param maxAwait the longest a result long-poll waits (longer {@code wait}s are clamped)
 * @param apiKeys the keys accepted (none: every authenticated route answers 401)
 * @param prometheus the registry {@code /metrics} scrapes, or null for no {@code /metrics}
 * @param requestTimeout the deadline of a request (long polls excepted)
 * @param cancelWait how long a cancel waits for the run to end before answering with the run as it
 *     is (the request is binding either way); shorter than {@code requestTimeout}
 */
public record HttpApiOptions(
    String host,
    int port,
    int bodyLimitBytes,
    Duration maxAwait,
    ApiKeys apiKeys,
    PrometheusMeterRegistry prometheus,
    Duration requestTimeout,
    Duration cancelWait,
    String managementHost,
    int managementPort) {

  /** Validates the options. */
  public HttpApiOptions {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (bodyLimitBytes < 1024) {
      throw new IllegalArgumentException("bodyLimitBytes must be at least 1024");
    }
    for (Duration d : new Duration[] {maxAwait, requestTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("maxAwait and requestTimeout must be positive");
      }
    }
    if (cancelWait.isNegative() || cancelWait.compareTo(requestTimeout) >= 0) {
      throw new IllegalArgumentException("cancelWait must be 0 or more, and below requestTimeout");
    }
    Objects.requireNonNull(apiKeys, "apiKeys");
    Objects.requireNonNull(managementHost, "managementHost");
    if (managementPort < -1 || managementPort > 65535) {
      throw new IllegalArgumentException("managementPort must be -1 (none) or 0..65535");
    }
  }

  /**
   * Port 8080 on every interface, 1 MiB bodies, 60 s long polls, no keys, no metrics, a 10 s
   * deadline per request, cancels waiting up to 5 s for the run to end.
   */
  public static HttpApiOptions defaults() {
    return new HttpApiOptions(
        "0.0.0.0",
        8080,
        1 << 20,
        Duration.ofSeconds(60),
        ApiKeys.none(),
        null,
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        "127.0.0.1",
        -1);
  }

  public HttpApiOptions withHost(String host) {
    return copy(b -> b.host = host);
  }

  public HttpApiOptions withPort(int port) {
    return copy(b -> b.port = port);
  }

  public HttpApiOptions withBodyLimitBytes(int bodyLimitBytes) {
    return copy(b -> b.bodyLimitBytes = bodyLimitBytes);
  }

  public HttpApiOptions withMaxAwait(Duration maxAwait) {
    return copy(b -> b.maxAwait = maxAwait);
  }

  public HttpApiOptions withApiKeys(ApiKeys apiKeys) {
    return copy(b -> b.apiKeys = apiKeys);
  }

  public HttpApiOptions withPrometheus(PrometheusMeterRegistry prometheus) {
    return copy(b -> b.prometheus = prometheus);
  }

  /** Sets the deadline of every request but the long polls (10 s by default). */
  public HttpApiOptions withRequestTimeout(Duration timeout) {
    return copy(
        b -> {
          b.requestTimeout = timeout;
          if (b.cancelWait.compareTo(timeout) >= 0) {
            b.cancelWait = timeout.dividedBy(2);
          }
        });
  }

  /**
   * Serves {@code /metrics} and {@code /health} without keys on a second port (-1, the default:
   * none), bound to {@code host} (loopback unless you open it).
   */
  public HttpApiOptions withManagementPort(String host, int port) {
    return copy(
        b -> {
          b.managementHost = host;
          b.managementPort = port;
        });
  }

  /** Sets how long a cancel waits for the run to end before it answers (5 s by default). */
  public HttpApiOptions withCancelWait(Duration wait) {
    return copy(b -> b.cancelWait = wait);
  }

  private HttpApiOptions copy(Consumer<Fields> change) {
    var b = new Fields(this);
    change.accept(b);
    return new HttpApiOptions(
        b.host,
        b.port,
        b.bodyLimitBytes,
        b.maxAwait,
        b.apiKeys,
        b.prometheus,
        b.requestTimeout,
        b.cancelWait,
        b.managementHost,
        b.managementPort);
  }

  private static final class Fields {
    String host;
    int port;
    int bodyLimitBytes;
    Duration maxAwait;
    ApiKeys apiKeys;
    PrometheusMeterRegistry prometheus;
    Duration requestTimeout;
    Duration cancelWait;
    String managementHost;
    int managementPort;

    Fields(HttpApiOptions o) {
      host = o.host;
      port = o.port;
      bodyLimitBytes = o.bodyLimitBytes;
      maxAwait = o.maxAwait;
      apiKeys = o.apiKeys;
      prometheus = o.prometheus;
      requestTimeout = o.requestTimeout;
      cancelWait = o.cancelWait;
      managementHost = o.managementHost;
      managementPort = o.managementPort;
    }
  }
}
