package io.continuum.pg.impl;

/** The SQL of activity tasks and timers; like {@link RunSql}, one statement per write. */
final class TaskSql {
  private TaskSql() {}

  /**
   * Leases up to $4 due tasks. The candidates are picked once, in a materialized CTE, and joined by
   * primary key: an {@code IN (SELECT … LIMIT … SKIP LOCKED)} may be evaluated again (a rescan, a
   * recheck of a concurrently updated row) and pick other rows, so the statement could lease more
   * tasks than asked.
   */
  static final String CLAIM =
      """
      WITH picked AS MATERIALIZED (
        SELECT id FROM continuum_activity_tasks
        WHERE state = 'ready' AND available_at <= continuum_now() AND activity_type = ANY($3::text[])
        ORDER BY available_at, id
        LIMIT $4
        FOR UPDATE SKIP LOCKED)
      UPDATE continuum_activity_tasks t SET state = 'leased', attempt = t.attempt + 1,
        lease_owner = $1, lease_token = nextval('continuum_lease_token_seq'),
        lease_expires_at = continuum_now() + $2 * interval '1 millisecond'
      FROM picked WHERE t.id = picked.id
      RETURNING t.id, t.run_id, t.command_seq, t.activity_type, t.input, t.options, t.attempt,
        t.idempotency_key, t.lease_token, t.lease_expires_at,
        (SELECT r.result FROM continuum_activity_results r
         WHERE r.activity_type = t.activity_type AND r.idempotency_key = t.idempotency_key) AS reused
      """;

  static final String HEARTBEAT =
      """
      UPDATE continuum_activity_tasks
      SET lease_expires_at = continuum_now() + $3 * interval '1 millisecond'
      WHERE id = $1 AND state = 'leased' AND lease_token = $2
      RETURNING id
      """;

  static final String COMPLETE =
      """
      WITH t AS (
        UPDATE continuum_activity_tasks SET state = 'done', result = $3, failure = $4::text::jsonb,
          attempt = $5,
          lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
        WHERE id = $1 AND state = 'leased' AND lease_token = $2
        RETURNING run_id, activity_type, idempotency_key,
          options->>'idempotency_key' IS NOT NULL AS reusable),
      res AS (
        INSERT INTO continuum_activity_results (activity_type, idempotency_key, result, created_at)
        SELECT activity_type, idempotency_key, $3, continuum_now() FROM t
        WHERE $3::bytea IS NOT NULL AND t.reusable
        ON CONFLICT DO NOTHING),
      w AS (
        UPDATE continuum_runs r SET next_wakeup_at = COALESCE(r.next_wakeup_at, continuum_now())
        FROM t WHERE r.id = t.run_id)
      SELECT run_id FROM t
      """;

  static final String RETRY =
      """
      UPDATE continuum_activity_tasks SET state = 'ready', last_failure = $3::text::jsonb,
        available_at = continuum_now() + $4 * interval '1 millisecond',
        lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
      WHERE id = $1 AND state = 'leased' AND lease_token = $2
      RETURNING available_at
      """;

  static final String TASK_RUN = "SELECT run_id FROM continuum_activity_tasks WHERE id = $1";

  /** Requeues expired task leases; a task without attempts left fails attempts_exhausted. */
  static final String SWEEP =
      """
      WITH expired AS (
        SELECT id FROM continuum_activity_tasks
        WHERE state = 'leased' AND lease_expires_at <= continuum_now()
        FOR UPDATE SKIP LOCKED),
      requeued AS (
        UPDATE continuum_activity_tasks t SET state = 'ready', available_at = continuum_now(),
          lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
        FROM expired e WHERE t.id = e.id AND t.attempt < t.max_attempts
        RETURNING t.id),
      exhausted AS (
        UPDATE continuum_activity_tasks t SET state = 'done',
          failure = jsonb_build_object('type', 'attempts_exhausted',
            'message', 'attempt ' || t.attempt || ' of ' || t.max_attempts
                       || ' was lost: its worker stopped heartbeating', 'stack', ''),
          lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
        FROM expired e WHERE t.id = e.id AND t.attempt >= t.max_attempts
        RETURNING t.run_id),
      w AS (
        UPDATE continuum_runs SET next_wakeup_at = COALESCE(next_wakeup_at, continuum_now())
        WHERE id IN (SELECT run_id FROM exhausted)
        RETURNING id)
      SELECT (SELECT count(*) FROM requeued) AS requeued, (SELECT count(*) FROM exhausted) AS exhausted,
             ARRAY(SELECT id FROM w) AS woken
      """;

  static final String TIMERS_DUE =
      """
      SELECT id, run_id, command_seq, fire_at FROM continuum_timers
      WHERE fired_at IS NULL AND fire_at <= $1 ORDER BY fire_at, id LIMIT $2
      """;

  static final String FIRE =
      """
      WITH t AS (
        UPDATE continuum_timers SET fired_at = continuum_now()
        WHERE id = $1 AND fired_at IS NULL AND fire_at <= continuum_now()
          AND EXISTS (SELECT 1 FROM continuum_runs r
                      WHERE r.id = continuum_timers.run_id AND r.state NOT IN %s)
        RETURNING run_id),
      w AS (
        UPDATE continuum_runs r SET next_wakeup_at = COALESCE(r.next_wakeup_at, continuum_now())
        FROM t WHERE r.id = t.run_id)
      SELECT run_id FROM t
      """
          .formatted(RunSql.TERMINAL);
}
