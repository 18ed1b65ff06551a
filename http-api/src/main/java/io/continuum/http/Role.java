package io.continuum.http;

/**
 * What an API key may do in its namespaces. {@code reader}, {@code writer} and {@code admin} each
 * include the ones before them; {@code metrics} may only scrape {@code /metrics} (for a Prometheus
 * server that must not read runs), which {@code admin} may too.
 *
 * <pre>{@code
 * ApiKeys.generate(Role.WRITER, Set.of("orders"));
 * ApiKeys.generate(Role.METRICS, Set.of("*"));   // a scraper's key
 * }</pre>
 */
public enum Role {
  /** Describe, list, read history, await results, stream events, list workflows. */
  READER,
  /** Also start, signal, cancel and set attributes. */
  WRITER,
  /** Also read {@code /metrics}. A key with {@code *} in its namespaces sees every namespace. */
  ADMIN,
  /** Only read {@code /metrics}: nothing about runs. */
  METRICS;

  /** Whether this role includes {@code needed}. */
  public boolean allows(Role needed) {
    if (this == METRICS || needed == METRICS) {
      return needed == METRICS && (this == METRICS || this == ADMIN);
    }
    return compareTo(needed) >= 0;
  }
}
