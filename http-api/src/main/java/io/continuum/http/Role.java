package io.continuum.http;

/**
 * What an API key may do in its namespaces. Each role includes the ones before it.
 *
 * <pre>{@code
 * ApiKeys.generate("ci-deployer", Role.WRITER, Set.of("orders"));
 * }</pre>
 */
public enum Role {
  /** Describe, list, read history, await results, stream events, list workflows. */
  READER,
  /** Also start, signal, cancel and set attributes. */
  WRITER,
  /** Also read {@code /metrics}. A key with {@code *} in its namespaces sees every namespace. */
  ADMIN;

  /** Whether this role includes {@code needed}. */
  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }
}
