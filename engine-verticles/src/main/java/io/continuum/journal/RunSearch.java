package io.continuum.journal;

import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.core.payload.Payload;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A page of runs for {@link Journal#query}: one namespace's runs matching every given filter,
 * ordered by creation time then id, newest first, strictly after a position.
 *
 * <pre>{@code
 * journal.query(new RunSearch("default", Set.of(RunState.SUSPENDED), null, null, null,
 *     Payload.ofJson("{\"customer\":\"c-17\"}"), null, null, 50));
 * }</pre>
 *
 * @param namespace the namespace (always a predicate)
 * @param states the states allowed, empty for any
 * @param workflowType the workflow type, or null for any
 * @param createdFrom created at or after, or null
 * @param createdBefore created before, or null
 * @param attributes a JSON object the run's attributes must contain, or null
 * @param afterCreatedAt with {@code afterRunId}, the last row of the previous page, or null
 * @param afterRunId the id of the previous page's last row, or null
 * @param limit how many rows at most
 * @param idPrefix only runs whose key starts with this (a run-id prefix made a key with {@link
 *     io.continuum.RunRef#key()}), or null
 */
public record RunSearch(
    String namespace,
    Set<RunState> states,
    String workflowType,
    Instant createdFrom,
    Instant createdBefore,
    Payload attributes,
    Instant afterCreatedAt,
    String afterRunId,
    int limit,
    String idPrefix) {

  /** A search without a run-id prefix. */
  public RunSearch(
      String namespace,
      Set<RunState> states,
      String workflowType,
      Instant createdFrom,
      Instant createdBefore,
      Payload attributes,
      Instant afterCreatedAt,
      String afterRunId,
      int limit) {
    this(
        namespace,
        states,
        workflowType,
        createdFrom,
        createdBefore,
        attributes,
        afterCreatedAt,
        afterRunId,
        limit,
        null);
  }

  /** Validates the search. */
  public RunSearch {
    Objects.requireNonNull(namespace, "namespace");
    states = Set.copyOf(states);
    if ((afterCreatedAt == null) != (afterRunId == null)) {
      throw new IllegalArgumentException("afterCreatedAt and afterRunId go together");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
    if (idPrefix != null && !RunRef.namespaceOf(idPrefix + "x").equals(namespace)) {
      throw new IllegalArgumentException("an id prefix is a key prefix within the namespace");
    }
  }

  /** Whether a row comes after the position, in newest-first order. */
  public boolean isAfterPosition(Instant createdAt, String runId) {
    if (afterCreatedAt == null) {
      return true;
    }
    int c = createdAt.compareTo(afterCreatedAt);
    return c < 0 || (c == 0 && runId.compareTo(afterRunId) < 0);
  }
}
