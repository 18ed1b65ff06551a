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
        lease_expires_at = continuum_now() + $2 * interval '1 millisecond',
        attempt_started_at = continuum_now(), heartbeat_deadline = NULL, external = false
      FROM picked WHERE t.id = picked.id
      RETURNING t.id, t.run_id, t.command_seq, t.activity_type, t.input, t.options, t.attempt,
        t.idempotency_key, t.lease_token, t.lease_expires_at, t.heartbeat_details,
        t.cancel_requested,
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

  /**
   * A lease beat: extends the lease (not an externally completing attempt's, whose lease is its
   * start-to-close deadline) and, with an activity heartbeat ($4 true), stores its details and
   * moves the heartbeat deadline to least($5, now) + the heartbeat timeout. No row: lost.
   */
  static final String BEAT =
      """
      UPDATE continuum_activity_tasks SET
        lease_expires_at = CASE WHEN external THEN lease_expires_at
                           ELSE continuum_now() + $3 * interval '1 millisecond' END,
        heartbeat_details = CASE WHEN $4 THEN $6 ELSE heartbeat_details END,
        heartbeat_deadline = CASE
          WHEN $4 AND NOT external AND (options->>'heartbeat_timeout_ms') IS NOT NULL
          THEN LEAST($5::timestamptz, continuum_now())
               + (options->>'heartbeat_timeout_ms')::bigint * interval '1 millisecond'
          ELSE heartbeat_deadline END
      WHERE id = $1 AND state = 'leased' AND lease_token = $2
      RETURNING cancel_requested
      """;

  /** The attempt completes externally: its lease now ends at its start-to-close deadline. */
  static final String AWAIT_EXTERNAL =
      """
      UPDATE continuum_activity_tasks SET external = true, heartbeat_deadline = NULL,
        lease_expires_at = COALESCE(attempt_started_at, continuum_now())
                           + (options->>'timeout_ms')::bigint * interval '1 millisecond'
      WHERE id = $1 AND state = 'leased' AND lease_token = $2
      RETURNING lease_expires_at
      """;

  /**
   * Locks a task for an external completion while the token's attempt still holds it (same run,
   * attempt and lease token, not past its lease, not flagged by a cancel); no row: refused.
   */
  static final String LOCK_EXTERNAL =
      """
      SELECT options FROM continuum_activity_tasks
      WHERE id = $1 AND run_id = $2 AND attempt = $3 AND state = 'leased' AND lease_token = $4
        AND NOT cancel_requested AND lease_expires_at > continuum_now()
      FOR UPDATE
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

  /**
   * Requeues expired task leases; a task without attempts left fails attempts_exhausted. An attempt
   * that missed its heartbeat deadline, or completes externally past its lease, timed out: retried
   * per its policy (backoff, non-retryable types) with last_failure set, or failed with the
   * timeout. A task flagged by a cancel is never retried: it fails as cancelled.
   */
  static final String SWEEP =
      """
      WITH expired AS MATERIALIZED (
        SELECT id, attempt, max_attempts, cancel_requested, options,
          CASE
            WHEN (options->>'heartbeat_timeout_ms') IS NOT NULL AND COALESCE(heartbeat_deadline,
                   attempt_started_at + (options->>'heartbeat_timeout_ms')::bigint
                                        * interval '1 millisecond') <= continuum_now()
            THEN jsonb_build_object('type', 'heartbeat_timeout',
              'message', 'attempt ' || attempt || ' of activity ''' || activity_type
                         || ''' did not heartbeat within its heartbeat timeout of '
                         || (options->>'heartbeat_timeout_ms') || ' ms',
              'stack', '')
            WHEN external
            THEN jsonb_build_object('type', 'io.continuum.ActivityTimeoutException',
              'message', 'activity ''' || activity_type
                         || ''' ran longer than its start-to-close timeout of '
                         || (options->>'timeout_ms') || ' ms while completing externally',
              'stack', '')
          END AS timeout
        FROM continuum_activity_tasks
        WHERE state = 'leased' AND (lease_expires_at <= continuum_now()
          OR ((options->>'heartbeat_timeout_ms') IS NOT NULL AND COALESCE(heartbeat_deadline,
                attempt_started_at + (options->>'heartbeat_timeout_ms')::bigint
                                     * interval '1 millisecond') <= continuum_now()))
        FOR UPDATE SKIP LOCKED),
      decided AS (
        SELECT e.*, NOT e.cancel_requested AND e.attempt < e.max_attempts
          AND (e.timeout IS NULL OR NOT (e.options->'non_retryable' ? (e.timeout->>'type')))
          AS again
        FROM expired e),
      requeued AS (
        UPDATE continuum_activity_tasks t SET state = 'ready',
          available_at = CASE WHEN d.timeout IS NULL THEN continuum_now()
            ELSE continuum_now() + LEAST(
              (d.options->>'initial_backoff_ms')::float8
                * power((d.options->>'multiplier')::float8, GREATEST(d.attempt - 1, 0)),
              (d.options->>'max_backoff_ms')::float8) * interval '1 millisecond' END,
          last_failure = COALESCE(d.timeout, t.last_failure),
          lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
          heartbeat_deadline = NULL, external = false
        FROM decided d WHERE t.id = d.id AND d.again
        RETURNING t.id, d.timeout IS NULL AS due),
      exhausted AS (
        UPDATE continuum_activity_tasks t SET state = 'done',
          failure = CASE
            WHEN d.cancel_requested THEN jsonb_build_object('type', 'io.continuum.ActivityCancelled',
              'message', 'attempt ' || t.attempt || ' of activity ''' || t.activity_type
                         || ''' was cancelled', 'stack', '')
            WHEN d.timeout IS NOT NULL THEN d.timeout
            ELSE jsonb_build_object('type', 'attempts_exhausted',
              'message', 'attempt ' || t.attempt || ' of ' || t.max_attempts
                         || ' was lost: its worker stopped heartbeating', 'stack', '') END,
          lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
          heartbeat_deadline = NULL, external = false
        FROM decided d WHERE t.id = d.id AND NOT d.again
        RETURNING t.run_id),
      w AS (
        UPDATE continuum_runs SET next_wakeup_at = COALESCE(next_wakeup_at, continuum_now())
        WHERE id IN (SELECT run_id FROM exhausted)
        RETURNING id)
      SELECT (SELECT count(*) FROM requeued) AS requeued, (SELECT count(*) FROM exhausted) AS exhausted,
             EXISTS (SELECT 1 FROM requeued WHERE due) AS due,
             ARRAY(SELECT id FROM w) AS woken,
             ARRAY(SELECT id FROM decided WHERE timeout IS NOT NULL) AS timed_out
      """;

  static final String TIMERS_DUE =
      """
      SELECT id, run_id, command_seq, fire_at FROM continuum_timers
      WHERE fired_at IS NULL AND fire_at <= $1 ORDER BY fire_at, id LIMIT $2
      """;

  /** The next page of {@link #TIMERS_DUE}: after ($3, $4) in (fire_at, id) order, by the index. */
  static final String TIMERS_DUE_AFTER =
      """
      SELECT id, run_id, command_seq, fire_at FROM continuum_timers
      WHERE fired_at IS NULL AND fire_at <= $1 AND (fire_at, id) > ($3, $4)
      ORDER BY fire_at, id LIMIT $2
      """;

  /**
   * {@link #FIRE} for a batch ($1, timer ids). It never waits for a lock: a run whose row another
   * transaction holds (its step committing, a lease renewal) is skipped with its timers, which stay
   * pending and are answered as not fired, for the caller to try again soon. Runs are locked first,
   * then their timers (a step commit also takes its run before the run's timers, so a timer's lock
   * is only ever held by a holder of its run's lock), each in id order. A lock re-checks the newest
   * version of its row: a run that ended meanwhile, or a timer fired or deleted meanwhile, drops
   * out.
   */
  static final String FIRE_MANY =
      """
      WITH runs AS (
        SELECT r.id FROM continuum_runs r
        WHERE r.id IN (SELECT run_id FROM continuum_timers
                       WHERE id = ANY($1::bigint[]) AND fired_at IS NULL
                         AND fire_at <= continuum_now())
          AND r.state NOT IN %s
        ORDER BY r.id
        FOR NO KEY UPDATE SKIP LOCKED),
      due AS (
        SELECT x.id FROM continuum_timers x
        WHERE x.id = ANY($1::bigint[]) AND x.fired_at IS NULL AND x.fire_at <= continuum_now()
          AND x.run_id IN (SELECT id FROM runs)
        ORDER BY x.id
        FOR NO KEY UPDATE SKIP LOCKED),
      t AS (
        UPDATE continuum_timers x SET fired_at = continuum_now()
        FROM due WHERE x.id = due.id
        RETURNING x.id, x.run_id),
      w AS (
        UPDATE continuum_runs r SET next_wakeup_at = COALESCE(r.next_wakeup_at, continuum_now())
        WHERE r.id IN (SELECT run_id FROM t))
      SELECT id, run_id FROM t ORDER BY id
      """
          .formatted(RunSql.TERMINAL);

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
