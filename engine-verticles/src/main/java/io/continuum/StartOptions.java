package io.continuum;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a run starts: its id (chosen by the caller for idempotent starts, else generated), its
 * namespace, its initial search attributes, and optionally when it starts and how long it may take.
 *
 * <pre>{@code
 * // Starting twice with the same id and input returns the same run.
 * client.start(Checkout.class, order, StartOptions.withId("order-" + order.id()));
 *
 * // Starts in an hour; fails with ExecutionTimeoutFailure if not done a day after it starts.
 * client.start(Reminder.class, note, StartOptions.withId("remind-7")
 *     .withStartDelay(Duration.ofHours(1))
 *     .withExecutionTimeout(Duration.ofDays(1)));
 * }</pre>
 *
 * <p><b>Start delay.</b> The run is created at once ({@code pending}, its start time in {@link
 * RunDescription#startAt()}); its first step runs when the delay has passed on the journal's clock,
 * never earlier: signals sent meanwhile (and the signal of a signal-with-start) wait in its mailbox
 * and are delivered once it runs. A cancel during the delay ends it without it ever running.
 *
 * <p><b>Execution timeout.</b> A deadline for the whole continue-as-new chain, fixed when its first
 * run is created (its start time plus the timeout, on the journal's clock): successors keep it.
 * When it passes, the chain's live run ends {@code failed} with a {@link
 * ExecutionTimeoutFailure#TYPE} failure, wherever it waits (it needs no node to be hosting it); its
 * children are cancelled as for any failure. A cancel requested before the deadline passed wins.
 *
 * @param runId the run id, or null to generate one
 * @param namespace the namespace, {@code default} unless set
 * @param attributes initial search attributes
 * @param startDelay how long after its creation the run's first step runs, or null (at once)
 * @param executionTimeout how long the chain may run from its start, or null (no limit)
 */
public record StartOptions(
    String runId,
    String namespace,
    Map<String, Object> attributes,
    Duration startDelay,
    Duration executionTimeout) {

  /** Run ids: 1 to 200 characters of letters, digits and {@code . _ : -}, not starting with one. */
  public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

  /** Namespaces: 1 to 63 lower-case letters, digits and {@code -}, starting with a letter. */
  public static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  /** The longest start delay and execution timeout: 100 years. */
  public static final Duration MAX_DURATION = Duration.ofDays(36_525);

  private static final StartOptions DEFAULTS = new StartOptions(null, "default", Map.of());

  /** Validates the options; a zero start delay is none. */
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
    if (startDelay != null && (startDelay.isNegative() || startDelay.compareTo(MAX_DURATION) > 0)) {
      throw new IllegalArgumentException("a start delay must be between 0 and 100 years");
    }
    startDelay = startDelay == null || startDelay.isZero() ? null : whole(startDelay);
    if (executionTimeout != null
        && (executionTimeout.toMillis() < 1 || executionTimeout.compareTo(MAX_DURATION) > 0)) {
      throw new IllegalArgumentException(
          "an execution timeout must be between 1 millisecond and 100 years");
    }
    executionTimeout = executionTimeout == null ? null : whole(executionTimeout);
  }

  /** Options without a start delay or an execution timeout. */
  public StartOptions(String runId, String namespace, Map<String, Object> attributes) {
    this(runId, namespace, attributes, null, null);
  }

  // The journals count time in milliseconds.
  private static Duration whole(Duration d) {
    return Duration.ofMillis(d.toMillis());
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
    return new StartOptions(runId, namespace, attributes, startDelay, executionTimeout);
  }

  public StartOptions withNamespace(String namespace) {
    return new StartOptions(runId, namespace, attributes, startDelay, executionTimeout);
  }

  public StartOptions withAttributes(Map<String, ?> attributes) {
    return new StartOptions(
        runId, namespace, SearchAttributes.validate(attributes), startDelay, executionTimeout);
  }

  /**
   * The run is created now and its first step runs {@code delay} later (zero: at once); see the
   * class comment for what happens meanwhile.
   */
  public StartOptions withStartDelay(Duration delay) {
    return new StartOptions(
        runId, namespace, attributes, Objects.requireNonNull(delay, "delay"), executionTimeout);
  }

  /**
   * The run's continue-as-new chain fails with {@link ExecutionTimeoutFailure} if it has not ended
   * {@code timeout} after it started (after the start delay, if any).
   */
  public StartOptions withExecutionTimeout(Duration timeout) {
    return new StartOptions(
        runId, namespace, attributes, startDelay, Objects.requireNonNull(timeout, "timeout"));
  }
}
