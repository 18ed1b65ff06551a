package io.continuum;

import java.util.Objects;

/**
 * A run's identity: its namespace and its id. The same id in two namespaces is two runs, each with
 * its own history, inbox, tasks, timers and children; a caller of one namespace cannot reach, or
 * learn anything about, the other's.
 *
 * <p>Inside the engine and its journals a run is addressed by its {@linkplain #key() key}, one
 * string that stands for the pair: the bare id in the {@code default} namespace (so databases and
 * callers that never named a namespace see no change), {@code <namespace>/<id>} elsewhere. Neither
 * namespaces nor run ids may contain {@code /}, so a key names exactly one pair and the pair is
 * read back from it. The ids of a run's children and successors extend its key with a suffix, so
 * they stay in its namespace.
 *
 * <pre>{@code
 * new RunRef("default", "order-42").key();   // "order-42"
 * new RunRef("billing", "order-42").key();   // "billing/order-42"
 * RunRef.ofKey("billing/order-42").id();     // "order-42"
 * }</pre>
 *
 * @param namespace the namespace
 * @param id the run id within the namespace
 */
public record RunRef(String namespace, String id) {
  /** The namespace of runs started without one. */
  public static final String DEFAULT_NAMESPACE = "default";

  private static final char SEPARATOR = '/';

  /** Validates the pair: neither part may be empty or contain {@code /}. */
  public RunRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(id, "id");
    if (namespace.isEmpty() || namespace.indexOf(SEPARATOR) >= 0) {
      throw new IllegalArgumentException("not a namespace: '" + namespace + "'");
    }
    if (id.isEmpty() || id.indexOf(SEPARATOR) >= 0) {
      throw new IllegalArgumentException("not a run id: '" + id + "'");
    }
  }

  /** The run {@code id} in {@code namespace}. */
  public static RunRef of(String namespace, String id) {
    return new RunRef(namespace, id);
  }

  /** The pair a {@linkplain #key() key} stands for. */
  public static RunRef ofKey(String key) {
    int at = key.indexOf(SEPARATOR);
    return at < 0
        ? new RunRef(DEFAULT_NAMESPACE, key)
        : new RunRef(key.substring(0, at), key.substring(at + 1));
  }

  /** The run id a key stands for, without its namespace; a bare id is returned as it is. */
  public static String idOf(String key) {
    return key.substring(key.indexOf(SEPARATOR) + 1);
  }

  /** The namespace a key stands for. */
  public static String namespaceOf(String key) {
    int at = key.indexOf(SEPARATOR);
    return at < 0 ? DEFAULT_NAMESPACE : key.substring(0, at);
  }

  /** The one string that addresses this run inside the engine and its journals. */
  public String key() {
    return DEFAULT_NAMESPACE.equals(namespace) ? id : namespace + SEPARATOR + id;
  }

  @Override
  public String toString() {
    return namespace + SEPARATOR + id;
  }
}
