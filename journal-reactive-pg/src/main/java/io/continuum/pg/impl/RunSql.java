package io.continuum.pg.impl;

/**
 * The SQL of runs, histories, inboxes and leases. Every write is one statement (data-modifying
 * CTEs), so it commits atomically in one round trip; every time is {@code continuum_now()}.
 */
final class RunSql {
  private RunSql() {}

  static final String TERMINAL = "('completed','failed','cancelled','continued')";

  /** The tasks a start or commit created leased, as a JSON array (see StepColumns#leased). */
  static final String LEASED =
      """
      (SELECT coalesce(json_agg(json_build_array(id, command_seq, lease_token,
          (extract(epoch FROM lease_expires_at) * 1000)::bigint)), '[]'::json)
       FROM tk WHERE state = 'leased')""";

  /** Creates a run with run_started and its first step, leased unless the step ended it. */
  static final String START =
      """
      WITH r AS (
        INSERT INTO continuum_runs (id, workflow_type, namespace, state, last_seq, input_hash,
            attributes, result, failure, lease_owner, lease_token, lease_expires_at,
            next_wakeup_at, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb || COALESCE($8::text::jsonb, '{}'::jsonb), $9, $10::text::jsonb,
            CASE WHEN $11 THEN NULL ELSE $12 END,
            CASE WHEN $11 THEN NULL ELSE nextval('continuum_lease_token_seq') END,
            CASE WHEN $11 THEN NULL ELSE continuum_now() + $13 * interval '1 millisecond' END,
            NULL, continuum_now(), continuum_now())
        ON CONFLICT (id) DO NOTHING
        RETURNING lease_token, lease_expires_at),
      ev AS (
        INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)
        SELECT $1, s, t, d, continuum_now()
        FROM unnest($14::int[], $15::text[], $16::bytea[]) AS x(s, t, d)
        WHERE EXISTS (SELECT 1 FROM r)),
      tk AS (
        INSERT INTO continuum_activity_tasks (run_id, command_seq, activity_type, input, options,
            idempotency_key, max_attempts, available_at, state, attempt, lease_owner, lease_token,
            lease_expires_at)
        SELECT $1, c, ty, i, o::jsonb, k, m, continuum_now(),
            CASE WHEN l THEN 'leased' ELSE 'ready' END, CASE WHEN l THEN 1 ELSE 0 END,
            CASE WHEN l THEN $12 END,
            CASE WHEN l THEN nextval('continuum_lease_token_seq') END,
            CASE WHEN l THEN continuum_now() + $26 * interval '1 millisecond' END
        FROM unnest($17::int[], $18::text[], $19::bytea[], $20::text[], $21::text[], $22::int[],
                    $25::bool[]) AS x(c, ty, i, o, k, m, l)
        WHERE EXISTS (SELECT 1 FROM r)
        RETURNING id, command_seq, state, lease_token, lease_expires_at),
      tm AS (
        INSERT INTO continuum_timers (run_id, command_seq, fire_at)
        SELECT $1, c, f FROM unnest($23::int[], $24::timestamptz[]) AS x(c, f)
        WHERE EXISTS (SELECT 1 FROM r))
      SELECT lease_token, lease_expires_at, %s AS leased FROM r
      """
          .formatted(LEASED);

  /** Commits a step under the lease token, last seq and state CAS; see PgJournalImpl#commit. */
  static final String COMMIT =
      """
      WITH r AS (
        UPDATE continuum_runs SET
          state = $4, last_seq = $5, updated_at = continuum_now(),
          attributes = CASE WHEN $9::text IS NULL THEN attributes ELSE attributes || $9::text::jsonb END,
          result = COALESCE($10, result),
          failure = COALESCE($11::text::jsonb, failure),
          drift = $12,
          lease_owner = CASE WHEN $7 OR $8 THEN NULL ELSE lease_owner END,
          lease_token = CASE WHEN $7 OR $8 THEN NULL ELSE lease_token END,
          lease_expires_at = CASE WHEN $7 OR $8 THEN NULL ELSE lease_expires_at END,
          cancel_requested_at = CASE WHEN $7 THEN NULL ELSE cancel_requested_at END,
          next_wakeup_at = CASE
            WHEN $7 OR $8 THEN NULL
            WHEN cancel_requested_at IS NOT NULL
              OR EXISTS (SELECT 1 FROM continuum_signals s
                         WHERE s.run_id = $1 AND s.id <> ALL($16::bigint[]))
              OR EXISTS (SELECT 1 FROM continuum_timers t
                         WHERE t.run_id = $1 AND t.fired_at IS NOT NULL AND t.id <> ALL($17::bigint[]))
              OR EXISTS (SELECT 1 FROM continuum_activity_tasks k
                         WHERE k.run_id = $1 AND k.state = 'done' AND k.id <> ALL($18::bigint[]))
            THEN COALESCE(next_wakeup_at, continuum_now())
            ELSE NULL END
        WHERE id = $1 AND lease_token = $2 AND last_seq = $3 AND state = ANY($6::text[])
        RETURNING id),
      ev AS (
        INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)
        SELECT $1, s, t, d, continuum_now()
        FROM unnest($13::int[], $14::text[], $15::bytea[]) AS x(s, t, d)
        WHERE EXISTS (SELECT 1 FROM r)),
      cs AS (
        DELETE FROM continuum_signals
        WHERE run_id = $1 AND (id = ANY($16::bigint[]) OR $7) AND EXISTS (SELECT 1 FROM r)),
      ct AS (
        DELETE FROM continuum_timers
        WHERE run_id = $1 AND (id = ANY($17::bigint[]) OR $7) AND EXISTS (SELECT 1 FROM r)),
      ck AS (
        DELETE FROM continuum_activity_tasks
        WHERE run_id = $1 AND (id = ANY($18::bigint[]) OR $7) AND EXISTS (SELECT 1 FROM r)),
      tk AS (
        INSERT INTO continuum_activity_tasks (run_id, command_seq, activity_type, input, options,
            idempotency_key, max_attempts, available_at, state, attempt, lease_owner, lease_token,
            lease_expires_at)
        SELECT $1, c, ty, i, o::jsonb, k, m, continuum_now(),
            CASE WHEN l THEN 'leased' ELSE 'ready' END, CASE WHEN l THEN 1 ELSE 0 END,
            CASE WHEN l THEN $28 END,
            CASE WHEN l THEN nextval('continuum_lease_token_seq') END,
            CASE WHEN l THEN continuum_now() + $29 * interval '1 millisecond' END
        FROM unnest($19::int[], $20::text[], $21::bytea[], $22::text[], $23::text[], $24::int[],
                    $27::bool[]) AS x(c, ty, i, o, k, m, l)
        WHERE EXISTS (SELECT 1 FROM r)
        RETURNING id, command_seq, state, lease_token, lease_expires_at),
      tm AS (
        INSERT INTO continuum_timers (run_id, command_seq, fire_at)
        SELECT $1, c, f FROM unnest($25::int[], $26::timestamptz[]) AS x(c, f)
        WHERE EXISTS (SELECT 1 FROM r)),
      lr AS (
        INSERT INTO continuum_activity_results (activity_type, idempotency_key, result, created_at)
        SELECT k.activity_type, k.idempotency_key, x.res, continuum_now()
        FROM unnest($30::bigint[], $31::bytea[]) AS x(id, res)
        JOIN continuum_activity_tasks k ON k.id = x.id
        WHERE x.res IS NOT NULL AND k.options->>'idempotency_key' IS NOT NULL
          AND EXISTS (SELECT 1 FROM r)
        ON CONFLICT DO NOTHING)
      SELECT (SELECT count(*) FROM r) AS committed, %s AS leased
      """
          .formatted(LEASED);

  /** Why a commit matched no row. */
  static final String FENCE =
      "SELECT state, lease_token, last_seq FROM continuum_runs WHERE id = $1";

  static final String RUN =
      """
      SELECT id, workflow_type, namespace, state, last_seq, input_hash, created_at, updated_at,
             lease_owner, lease_token, lease_expires_at, result, failure, drift, attributes
      FROM continuum_runs WHERE id = $1
      """;

  static final String HISTORY =
      """
      SELECT seq, data, recorded_at FROM continuum_events
      WHERE run_id = $1 AND seq > $2 ORDER BY seq
      """;

  /** The inbox, the journal's time, and the run's state (null: no such run), in one read. */
  static final String INBOX =
      """
      SELECT 's' AS kind, id, 0 AS cmd, name, payload AS data, NULL::jsonb AS failure,
             0 AS attempts, NULL::timestamptz AS at
        FROM continuum_signals WHERE run_id = $1
      UNION ALL
      SELECT 't', id, command_seq, NULL, NULL, NULL, 0, NULL
        FROM continuum_timers WHERE run_id = $1 AND fired_at IS NOT NULL
      UNION ALL
      SELECT 'a', id, command_seq, NULL, result, failure, attempt, NULL
        FROM continuum_activity_tasks WHERE run_id = $1 AND state = 'done'
      UNION ALL
      SELECT 'c', 0, 0, cancel_reason, NULL, NULL, 0, NULL
        FROM continuum_runs WHERE id = $1 AND cancel_requested_at IS NOT NULL
      UNION ALL
      SELECT 'n', coalesce((SELECT lease_token FROM continuum_runs WHERE id = $1), 0), 0,
             (SELECT state FROM continuum_runs WHERE id = $1), NULL, NULL, 0, continuum_now()
      ORDER BY 1, 2
      """;

  static final String NOW = "SELECT continuum_now() AS now";

  static final String SIGNAL =
      """
      WITH r AS (
        UPDATE continuum_runs SET next_wakeup_at = COALESCE(next_wakeup_at, continuum_now())
        WHERE id = $1 AND state NOT IN %s RETURNING id),
      s AS (
        INSERT INTO continuum_signals (run_id, name, payload, created_at)
        SELECT $1, $2, $3, continuum_now() FROM r RETURNING id)
      SELECT id FROM s
      """
          .formatted(TERMINAL);

  static final String STATE = "SELECT state FROM continuum_runs WHERE id = $1";

  static final String LOCK_FOR_CANCEL =
      """
      SELECT state, last_seq, lease_owner IS NOT NULL AND lease_expires_at > continuum_now() AS leased
      FROM continuum_runs WHERE id = $1 FOR UPDATE
      """;

  static final String REQUEST_CANCEL =
      """
      UPDATE continuum_runs SET
        cancel_requested_at = COALESCE(cancel_requested_at, continuum_now()),
        cancel_reason = COALESCE(cancel_reason, $2),
        next_wakeup_at = COALESCE(next_wakeup_at, continuum_now())
      WHERE id = $1
      """;

  static final String CANCEL_NOW =
      """
      WITH r AS (
        UPDATE continuum_runs SET state = 'cancelled', last_seq = last_seq + 1,
          updated_at = continuum_now(), lease_owner = NULL, lease_token = NULL,
          lease_expires_at = NULL, next_wakeup_at = NULL, cancel_requested_at = NULL
        WHERE id = $1 RETURNING last_seq),
      ev AS (
        INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)
        SELECT $1, r.last_seq, 'run_cancelled', $2, continuum_now() FROM r),
      cs AS (DELETE FROM continuum_signals WHERE run_id = $1),
      ct AS (DELETE FROM continuum_timers WHERE run_id = $1),
      ck AS (DELETE FROM continuum_activity_tasks WHERE run_id = $1)
      SELECT last_seq FROM r
      """;

  static final String CLAIM =
      """
      UPDATE continuum_runs SET lease_owner = $1,
        lease_token = nextval('continuum_lease_token_seq'),
        lease_expires_at = continuum_now() + $2 * interval '1 millisecond'
      WHERE id IN (
        SELECT id FROM continuum_runs
        WHERE next_wakeup_at IS NOT NULL AND next_wakeup_at <= continuum_now()
          AND state NOT IN %s AND state <> 'drifted'
          AND (lease_owner IS NULL OR lease_expires_at <= continuum_now())
          AND id <> ALL($3::text[]) AND workflow_type = ANY($5::text[])
        ORDER BY next_wakeup_at
        LIMIT $4
        FOR UPDATE SKIP LOCKED)
      RETURNING id, lease_token, lease_expires_at
      """
          .formatted(TERMINAL);

  static final String RENEW =
      """
      WITH u AS (
        UPDATE continuum_runs SET lease_expires_at = continuum_now() + $2 * interval '1 millisecond'
        WHERE lease_owner = $1
        RETURNING id, next_wakeup_at IS NOT NULL AS waiting)
      SELECT (SELECT count(*) FROM u) AS renewed,
             ARRAY(SELECT id FROM u WHERE waiting LIMIT $3) AS waiting
      """;

  static final String RELEASE =
      """
      UPDATE continuum_runs SET lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
      WHERE lease_owner = $1 AND id = ANY($2::text[])
      RETURNING id, next_wakeup_at IS NOT NULL AS waiting
      """;

  /** Runs with work waiting: the catch-up after a (re)connect and the poll backstop. */
  static final String WAITING =
      """
      SELECT id FROM continuum_runs
      WHERE next_wakeup_at IS NOT NULL AND next_wakeup_at <= continuum_now()
        AND state NOT IN %s AND state <> 'drifted'
      ORDER BY next_wakeup_at LIMIT $1
      """
          .formatted(TERMINAL);
}
