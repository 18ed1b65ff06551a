package io.continuum.pg.impl;

import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.core.payload.Payload;
import io.continuum.journal.RunRecord;
import io.continuum.journal.RunSearch;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Run listing and search attributes on Postgres. */
final class RunQueries {
  private static final String COLUMNS =
      """
      id, workflow_type, namespace, state, last_seq, input_hash, created_at, updated_at,
      lease_owner, lease_token, lease_expires_at, result, failure, drift, attributes,
      version_hash, correlation_id, continued_from, parent_run_id""";

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
    return pool.preparedQuery(sql.toString())
        .execute(args)
        .map(
            rows -> {
              List<RunRecord> runs = new ArrayList<>(rows.size());
              rows.forEach(r -> runs.add(Rows.run(r)));
              return runs;
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
