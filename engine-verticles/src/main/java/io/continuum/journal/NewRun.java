package io.continuum.journal;

import io.continuum.RunRef;
import io.continuum.core.payload.Payload;
import java.util.Objects;

/**
 * A run to create with {@link Journal#start}.
 *
 * <pre>{@code
 * new NewRun("order-42", "orders.checkout", "default", input, NewRun.hash(input), attributes, now);
 * }</pre>
 *
 * @param runId the run's key ({@link RunRef#key()}): its id in the default namespace, {@code
 *     <namespace>/<id>} in another
 * @param workflowType the workflow type name
 * @param namespace the namespace
 * @param input the input
 * @param inputHash identifies the input for idempotent starts ({@link #hash})
 * @param attributes initial search attributes, a JSON object
 * @param startedAt the time of the run's first step, recorded in its {@code run_started}
 * @param versionHash the version of the code it starts on (resumes only on), or null when the
 *     workflow is unversioned
 * @param signal a signal to put in the new run's mailbox in the same write (signal-with-start), or
 *     null; it is stored only when the run is created and its first step left it open
 * @param startDelay null to take the first step now (it comes with the start); else the journal
 *     creates the run {@code pending}, unleased and without a step, and it becomes runnable (its
 *     first step is claimed) only once this much journal time has passed ({@link
 *     RunRecord#startAt()}), whatever reaches its inbox meanwhile
 * @param executionTimeout null, or how long the run's continue-as-new chain may run: the journal
 *     fixes the deadline ({@link RunRecord#executionDeadline()}) at its start time plus this, on
 *     its own clock, and arms a timer ({@link
 *     io.continuum.core.event.InboxItem.TimerFired#EXECUTION_DEADLINE}) that every successor
 *     inherits
 */
public record NewRun(
    String runId,
    String workflowType,
    String namespace,
    Payload input,
    String inputHash,
    Payload attributes,
    java.time.Instant startedAt,
    String versionHash,
    Signal signal,
    java.time.Duration startDelay,
    java.time.Duration executionTimeout) {

  /** A signal that arrives with the start. */
  public record Signal(String name, Payload payload) {
    /** Validates the signal. */
    public Signal {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** A run that starts now, without a deadline. */
  public NewRun(
      String runId,
      String workflowType,
      String namespace,
      Payload input,
      String inputHash,
      Payload attributes,
      java.time.Instant startedAt,
      String versionHash,
      Signal signal) {
    this(
        runId,
        workflowType,
        namespace,
        input,
        inputHash,
        attributes,
        startedAt,
        versionHash,
        signal,
        null,
        null);
  }

  /** A run without a signal. */
  public NewRun(
      String runId,
      String workflowType,
      String namespace,
      Payload input,
      String inputHash,
      Payload attributes,
      java.time.Instant startedAt,
      String versionHash) {
    this(
        runId, workflowType, namespace, input, inputHash, attributes, startedAt, versionHash, null);
  }

  /** A run of an unversioned workflow. */
  public NewRun(
      String runId,
      String workflowType,
      String namespace,
      Payload input,
      String inputHash,
      Payload attributes,
      java.time.Instant startedAt) {
    this(runId, workflowType, namespace, input, inputHash, attributes, startedAt, null);
  }

  /** Validates the run. */
  public NewRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(workflowType, "workflowType");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(inputHash, "inputHash");
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(startedAt, "startedAt");
    if (startDelay != null && (startDelay.isNegative() || startDelay.isZero())) {
      throw new IllegalArgumentException("a start delay is positive (null: none)");
    }
    if (executionTimeout != null && executionTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("an execution timeout is at least 1 ms (null: none)");
    }
    if (!RunRef.namespaceOf(runId).equals(namespace)) {
      throw new IllegalArgumentException(
          "run key '" + runId + "' does not name namespace '" + namespace + "' (see RunRef.key)");
    }
  }

  /** Whether the run's first step waits for its start time instead of coming with the start. */
  public boolean delayed() {
    return startDelay != null;
  }

  /** The SHA-256 of the input's JSON bytes, in hex. */
  public static String hash(Payload input) {
    return sha256(input.json());
  }

  /**
   * What an idempotent start compares: the input's hash when the run starts in the default
   * namespace with no attributes (the common case), else the SHA-256 of namespace, input and
   * attributes, so that the same id started elsewhere or tagged differently is a conflict.
   */
  public static String startHash(String namespace, Payload input, Payload attributes) {
    if ("default".equals(namespace) && attributes.equals(Payload.EMPTY_OBJECT)) {
      return hash(input);
    }
    var out = new java.io.ByteArrayOutputStream();
    out.writeBytes(namespace.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.write(0);
    out.writeBytes(input.json());
    out.write(0);
    out.writeBytes(attributes.json());
    return sha256(out.toByteArray());
  }

  /**
   * {@link #startHash(String, Payload, Payload)}, with the start delay and the execution timeout
   * when either is set (so that the same id started with other timing is a conflict, and a start
   * without either keeps its hash).
   */
  public static String startHash(
      String namespace,
      Payload input,
      Payload attributes,
      java.time.Duration startDelay,
      java.time.Duration executionTimeout) {
    String hash = startHash(namespace, input, attributes);
    if (startDelay == null && executionTimeout == null) {
      return hash;
    }
    String timing = hash + "\u0000" + startDelay + "\u0000" + executionTimeout;
    return sha256(timing.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
