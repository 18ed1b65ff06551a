package io.continuum.pg.impl;

import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.core.payload.Payload;
import io.continuum.journal.LoadedVersion;
import io.continuum.journal.RunRecord;
import io.continuum.journal.RunSearch;
import io.continuum.journal.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Run listing and search attributes on Postgres. */
final class RunQueries {
  private static final String COLUMNS =
      """
      id, workflow_type, namespace, state, last_seq, input_hash, created_at, updated_at,
      lease_owner, lease_token, lease_expires_at, result, failure, drift, attributes,
      version_hash, correlation_id, continued_from, parent_run_id, start_at, execution_deadline""";

  private static final String SET_ATTRIBUTES =
      "UPDATE continuum_runs SET attributes = attributes || $2::text::jsonb,"
          + " updated_at = continuum_now() WHERE id = $1 RETURNING "
          + COLUMNS;

  private final Pool pool;

  RunQueries(Pool pool) {
    this.pool = pool;
  }

  // Only the predicates a search uses go into its text: one cached statement per combination,
  // each planned for its own predicates (the GIN index for attributes, the namespace index
  // for the ordering) instead of one generic plan full of "$n IS NULL OR".
  Future<List<RunRecord>> query(RunSearch s) {
    var sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM continuum_runs");
    var args = Tuple.tuple();
    sql.append(" WHERE namespace = $1");
    args.addString(s.namespace());
    if (!s.states().isEmpty()) {
      args.addArrayOfString(s.states().stream().map(RunState::wireName).toArray(String[]::new));
      sql.append(" AND state = ANY($").append(args.size()).append(")");
    }
    if (s.workflowType() != null) {
      args.addString(s.workflowType());
      sql.append(" AND workflow_type = $").append(args.size());
    }
    if (s.createdFrom() != null) {
      args.addOffsetDateTime(Values.time(s.createdFrom()));
      sql.append(" AND created_at >= $").append(args.size());
    }
    if (s.createdBefore() != null) {
      args.addOffsetDateTime(Values.time(s.createdBefore()));
      sql.append(" AND created_at < $").append(args.size());
    }
    if (s.attributes() != null) {
      args.addString(s.attributes().jsonText());
      sql.append(" AND attributes @> $").append(args.size()).append("::text::jsonb");
    }
    if (s.idPrefix() != null) {
      // Run ids have no LIKE wildcards (no '%', '_' or '\\'): the prefix is literal.
      args.addString(s.idPrefix() + "%");
      sql.append(" AND id LIKE $").append(args.size());
    }
    if (s.afterCreatedAt() != null) {
      args.addOffsetDateTime(Values.time(s.afterCreatedAt()));
      args.addString(s.afterRunId());
      sql.append(" AND (created_at, id) < ($")
          .append(args.size() - 1)
          .append(", $")
          .append(args.size())
          .append(")");
    }
    args.addInteger(s.limit());
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT $").append(args.size());
    String text = sql.toString();
    // A cached statement turns generic after a few executions, and the generic plan of an
    // attribute containment cannot know how selective the value is: it walks the namespace's
    // index in creation order and filters (90-120 ms over a million runs) where the value's own
    // plan asks the GIN index (5 ms). Searches by attribute are planned for their values.
    Future<RowSet<Row>> rows =
        s.attributes() == null
            ? pool.preparedQuery(text).execute(args)
            : pool.withTransaction(
                c ->
                    c.query("SET LOCAL plan_cache_mode = force_custom_plan")
                        .execute()
                        .compose(v -> c.preparedQuery(text).execute(args)));
    return rows.map(
        found -> {
          List<RunRecord> runs = new ArrayList<>(found.size());
          found.forEach(r -> runs.add(Rows.run(r)));
          return runs;
        });
  }

  Future<Map<RunState, Long>> countRuns(String namespace) {
    return pool.preparedQuery(
            "SELECT state, count(*) AS n FROM continuum_runs WHERE namespace = $1 GROUP BY state")
        .execute(Tuple.of(namespace))
        .map(
            rows -> {
              Map<RunState, Long> counts = new EnumMap<>(RunState.class);
              rows.forEach(
                  r -> counts.put(RunState.fromWireName(r.getString("state")), r.getLong("n")));
              return counts;
            });
  }

  Future<Map<String, Long>> openRunsByVersion(String namespace) {
    return pool.preparedQuery(
            "SELECT workflow_type, version_hash, count(*) AS n FROM continuum_runs"
                + " WHERE namespace = $1 AND state NOT IN ('completed','failed','cancelled',"
                + "'continued') GROUP BY workflow_type, version_hash")
        .execute(Tuple.of(namespace))
        .map(
            rows -> {
              Map<String, Long> counts = new TreeMap<>();
              rows.forEach(
                  r ->
                      counts.put(
                          r.getString("workflow_type") + "@" + r.getString("version_hash"),
                          r.getLong("n")));
              return counts;
            });
  }

  Future<Map<String, List<LoadedVersion>>> nodeVersions() {
    return pool.query(
            "SELECT node, workflow_type, version_hash, class_name FROM continuum_workflow_versions"
                + " ORDER BY node, workflow_type, version_hash")
        .execute()
        .map(
            rows -> {
              Map<String, List<LoadedVersion>> byNode = new TreeMap<>();
              rows.forEach(
                  r ->
                      byNode
                          .computeIfAbsent(r.getString("node"), n -> new ArrayList<>())
                          .add(
                              new LoadedVersion(
                                  r.getString("workflow_type"),
                                  r.getString("version_hash"),
                                  r.getString("class_name"))));
              return byNode;
            });
  }

  Future<List<TaskStatus>> pendingTasks(String runId) {
    return pool.preparedQuery(
            "SELECT command_seq, activity_type, attempt, max_attempts, state, available_at,"
                + " last_failure, heartbeat_details FROM continuum_activity_tasks"
                + " WHERE run_id = $1 AND state <> 'done' ORDER BY command_seq")
        .execute(Tuple.of(runId))
        .map(
            rows -> {
              List<TaskStatus> out = new ArrayList<>(rows.size());
              rows.forEach(
                  r ->
                      out.add(
                          new TaskStatus(
                              r.getInteger("command_seq"),
                              r.getString("activity_type"),
                              r.getInteger("attempt"),
                              r.getInteger("max_attempts"),
                              "leased".equals(r.getString("state")),
                              Values.instant(r.getOffsetDateTime("available_at")),
                              Values.failure((JsonObject) r.getValue("last_failure")),
                              Values.payload(r.getBuffer("heartbeat_details")))));
              return out;
            });
  }

  Future<RunRecord> setAttributes(String runId, Payload attributes) {
    return pool.preparedQuery(SET_ATTRIBUTES)
        .execute(Tuple.of(runId, attributes.jsonText()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new RunNotFound(runId);
              }
              return Rows.run(rows.iterator().next());
            });
  }
}
