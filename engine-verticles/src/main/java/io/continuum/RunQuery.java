package io.continuum;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which runs {@link Continuum#query} lists: always one namespace, optionally narrowed by state,
 * workflow type, creation time and search attributes. Results come newest first, a page at a time;
 * {@link RunPage#nextCursor()} continues where a page ended.
 *
 * <pre>{@code
 * RunQuery q = RunQuery.in("billing")
 *     .withStates(Set.of(RunState.SUSPENDED))
 *     .withAttributes(Map.of("customer", "c-17"))
 *     .withLimit(20);
 * client.query(q).compose(page -> client.query(q.withCursor(page.nextCursor())));
 * }</pre>
 *
 * @param namespace the namespace searched (required)
 * @param states the states a run may be in, empty for any
 * @param workflowType the workflow type, or null for any
 * @param createdFrom runs created at or after this time, or null
 * @param createdBefore runs created before this time, or null
 * @param attributes attributes a run must have with these exact values (JSON containment)
 * @param limit the page size, clamped to 1..{@value #MAX_LIMIT}
 * @param cursor where the previous page ended, or null for the first page
 * @param idPrefix runs whose id starts with this, or null for any
 */
public record RunQuery(
    String namespace,
    Set<RunState> states,
    String workflowType,
    Instant createdFrom,
    Instant createdBefore,
    Map<String, Object> attributes,
    int limit,
    String cursor,
    String idPrefix) {

  /** The page size when none is given. */
  public static final int DEFAULT_LIMIT = 50;

  /** The largest page; larger limits are clamped to it. */
  public static final int MAX_LIMIT = 500;

  /** A query without an id prefix. */
  public RunQuery(
      String namespace,
      Set<RunState> states,
      String workflowType,
      Instant createdFrom,
      Instant createdBefore,
      Map<String, Object> attributes,
      int limit,
      String cursor) {
    this(
        namespace,
        states,
        workflowType,
        createdFrom,
        createdBefore,
        attributes,
        limit,
        cursor,
        null);
  }

  /** Validates the query and clamps its limit. */
  public RunQuery {
    Objects.requireNonNull(namespace, "namespace");
    if (!StartOptions.NAMESPACE.matcher(namespace).matches()) {
      throw new InvalidQuery(
          "namespace must be 1-63 characters of [a-z0-9-] starting with a letter");
    }
    states = Set.copyOf(states);
    attributes = SearchAttributes.validate(attributes);
    limit = Math.max(1, Math.min(MAX_LIMIT, limit));
    if (createdFrom != null && createdBefore != null && !createdFrom.isBefore(createdBefore)) {
      throw new InvalidQuery("createdFrom must be before createdBefore");
    }
    if (idPrefix != null && !StartOptions.RUN_ID.matcher(idPrefix).matches()) {
      throw new InvalidQuery("an id prefix is 1-200 characters of [A-Za-z0-9._:-]");
    }
  }

  /** Every run of a namespace, the first page of {@value #DEFAULT_LIMIT}. */
  public static RunQuery in(String namespace) {
    return new RunQuery(namespace, Set.of(), null, null, null, Map.of(), DEFAULT_LIMIT, null);
  }

  public RunQuery withStates(Set<RunState> states) {
    return new RunQuery(
        namespace,
        states,
        workflowType,
        createdFrom,
        createdBefore,
        attributes,
        limit,
        cursor,
        idPrefix);
  }

  public RunQuery withWorkflowType(String workflowType) {
    return new RunQuery(
        namespace,
        states,
        workflowType,
        createdFrom,
        createdBefore,
        attributes,
        limit,
        cursor,
        idPrefix);
  }

  public RunQuery withCreated(Instant from, Instant before) {
    return new RunQuery(
        namespace, states, workflowType, from, before, attributes, limit, cursor, idPrefix);
  }

  public RunQuery withAttributes(Map<String, ?> attributes) {
    return new RunQuery(
        namespace,
        states,
        workflowType,
        createdFrom,
        createdBefore,
        Map.copyOf(attributes),
        limit,
        cursor,
        idPrefix);
  }

  public RunQuery withLimit(int limit) {
    return new RunQuery(
        namespace,
        states,
        workflowType,
        createdFrom,
        createdBefore,
        attributes,
        limit,
        cursor,
        idPrefix);
  }

  public RunQuery withCursor(String cursor) {
    return new RunQuery(
        namespace,
        states,
        workflowType,
        createdFrom,
        createdBefore,
        attributes,
        limit,
        cursor,
        idPrefix);
  }

  /** Only runs whose id starts with {@code prefix}. */
  public RunQuery withIdPrefix(String prefix) {
    return new RunQuery(
        namespace,
        states,
        workflowType,
        createdFrom,
        createdBefore,
        attributes,
        limit,
        cursor,
        prefix);
  }
}
