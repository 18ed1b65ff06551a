package io.continuum.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * How the REST API listens and what it accepts.
 *
 * <pre>{@code
 * var options = HttpApiOptions.defaults()
 *     .withPort(8080)
 *     .withApiKeys(ApiKeys.read(Path.of("keys.json")))
 *     .withPrometheus(prometheusRegistry);   // serves /metrics; null for none
 * }</pre>
 *
 * @param host the interface to bind
 * @param port the port; 0 picks a free one
 * @param bodyLimitBytes the largest request body accepted (413 above it)
 * @param maxAwait the longest a result long-poll waits (longer {@code wait}s are clamped)
 * @param apiKeys the keys accepted (none: every authenticated route answers 401)
 * @param prometheus the registry {@code /metrics} scrapes, or null for no {@code /metrics}
 */
public record HttpApiOptions(
    String host,
    int port,
    int bodyLimitBytes,
    Duration maxAwait,
    ApiKeys apiKeys,
    PrometheusMeterRegistry prometheus) {

  /** Validates the options. */
  public HttpApiOptions {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (bodyLimitBytes < 1024) {
      throw new IllegalArgumentException("bodyLimitBytes must be at least 1024");
    }
    if (maxAwait.isNegative() || maxAwait.isZero()) {
      throw new IllegalArgumentException("maxAwait must be positive");
    }
    Objects.requireNonNull(apiKeys, "apiKeys");
  }

  /** Port 8080 on every interface, 1 MiB bodies, 60 s long polls, no keys, no metrics. */
  public static HttpApiOptions defaults() {
    return new HttpApiOptions(
        "0.0.0.0", 8080, 1 << 20, Duration.ofSeconds(60), ApiKeys.none(), null);
  }

  public HttpApiOptions withHost(String host) {
    return new HttpApiOptions(host, port, bodyLimitBytes, maxAwait, apiKeys, prometheus);
  }

  public HttpApiOptions withPort(int port) {
    return new HttpApiOptions(host, port, bodyLimitBytes, maxAwait, apiKeys, prometheus);
  }

  public HttpApiOptions withBodyLimitBytes(int bodyLimitBytes) {
    return new HttpApiOptions(host, port, bodyLimitBytes, maxAwait, apiKeys, prometheus);
  }

  public HttpApiOptions withMaxAwait(Duration maxAwait) {
    return new HttpApiOptions(host, port, bodyLimitBytes, maxAwait, apiKeys, prometheus);
  }

  public HttpApiOptions withApiKeys(ApiKeys apiKeys) {
    return new HttpApiOptions(host, port, bodyLimitBytes, maxAwait, apiKeys, prometheus);
  }

  public HttpApiOptions withPrometheus(PrometheusMeterRegistry prometheus) {
    return new HttpApiOptions(host, port, bodyLimitBytes, maxAwait, apiKeys, prometheus);
  }
}
