package io.continuum.journal.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.core.payload.Payload;
import io.continuum.journal.RunRecord;
import io.continuum.journal.RunSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@link io.continuum.journal.Journal#query} over the in-memory rows, with Postgres semantics. */
final class MemoryQuery {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Comparator<MemoryRun> NEWEST_FIRST =
      Comparator.<MemoryRun, java.time.Instant>comparing(r -> r.createdAt)
          .thenComparing(r -> r.runId)
          .reversed();

  private MemoryQuery() {}

  static List<RunRecord> select(Collection<MemoryRun> runs, RunSearch s) {
    JsonNode wanted = s.attributes() == null ? null : tree(s.attributes());
    return runs.stream()
        .filter(r -> r.namespace.equals(s.namespace()))
        .filter(r -> s.states().isEmpty() || s.states().contains(r.state))
        .filter(r -> s.workflowType() == null || s.workflowType().equals(r.workflowType))
        .filter(r -> s.createdFrom() == null || !r.createdAt.isBefore(s.createdFrom()))
        .filter(r -> s.createdBefore() == null || r.createdAt.isBefore(s.createdBefore()))
        .filter(r -> s.idPrefix() == null || r.runId.startsWith(s.idPrefix()))
        .filter(r -> s.isAfterPosition(r.createdAt, r.runId))
        .filter(r -> wanted == null || contains(tree(r.attributes), wanted))
        .sorted(NEWEST_FIRST)
        .limit(s.limit())
        .map(MemoryRun::record)
        .toList();
  }

  /** Postgres' {@code jsonb @>}: objects by key, arrays by element, scalars by value. */
  static boolean contains(JsonNode have, JsonNode want) {
    if (want.isObject()) {
      if (!have.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
        var field = it.next();
        JsonNode mine = have.get(field.getKey());
        if (mine == null || !contains(mine, field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (want.isArray()) {
      if (!have.isArray()) {
        return false;
      }
      for (JsonNode w : want) {
        boolean found = false;
        for (JsonNode h : have) {
          found |= contains(h, w);
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }
    if (want.isNumber() && have.isNumber()) {
      return want.decimalValue().compareTo(have.decimalValue()) == 0;
    }
    return want.equals(have);
  }

  private static JsonNode tree(Payload p) {
    try {
      return JSON.readTree(p.json());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
