package io.continuum;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a run starts: its id (chosen by the caller for idempotent starts, else generated), its
 * namespace and its initial search attributes.
 *
 * <pre>{@code
 * // Starting twice with the same id and input returns the same run.
 * client.start(Checkout.class, order, StartOptions.withId("order-" + order.id()));
 * }</pre>
 *
 * @param runId the run id, or null to generate one
 * @param namespace the namespace, {@code default} unless set
 * @param attributes initial search attributes
 */
public record StartOptions(String runId, String namespace, Map<String, Object> attributes) {

  /** Run ids: 1 to 200 characters of letters, digits and {@code . _ : -}, not starting with one. */
  public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

  /** Namespaces: 1 to 63 lower-case letters, digits and {@code -}, starting with a letter. */
  public static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  private static final StartOptions DEFAULTS = new StartOptions(null, "default", Map.of());

  /** Validates the options. */
  public StartOptions {
    if (runId != null && !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException(
          "run id must be 1-200 characters of [A-Za-z0-9._:-] starting with a letter or digit");
    }
    Objects.requireNonNull(namespace, "namespace");
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace must be 1-63 characters of [a-z0-9-] starting with a letter");
    }
    attributes = SearchAttributes.validate(attributes);
  }

  /** A generated id in the {@code default} namespace. */
  public static StartOptions defaults() {
    return DEFAULTS;
  }

  /** The caller's id in the {@code default} namespace. */
  public static StartOptions withId(String runId) {
    return new StartOptions(runId, DEFAULTS.namespace, Map.of());
  }

  public StartOptions withRunId(String runId) {
    return new StartOptions(runId, namespace, attributes);
  }

  public StartOptions withNamespace(String namespace) {
    return new StartOptions(runId, namespace, attributes);
  }

  public StartOptions withAttributes(Map<String, ?> attributes) {
    return new StartOptions(runId, namespace, SearchAttributes.validate(attributes));
  }
}
