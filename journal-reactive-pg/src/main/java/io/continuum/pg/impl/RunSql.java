package io.continuum.pg.impl;

/**
 * The SQL of runs, histories, inboxes and leases. Every write is one statement (data-modifying
 * CTEs), so it commits atomically in one round trip; every time is {@code continuum_now()}.
 */
final class RunSql {
  private RunSql() {}

  static final String TERMINAL = "('completed','failed','cancelled','continued')";

  /**
   * The statement's answer: a row per run written ({@code kind} 'r': id, and for a start its lease
   * token and expiry) and a row per task it created leased ('t': run id, token, expiry, task id,
   * command seq).
   */
  private static final String ANSWER =
      """
      SELECT 'r' AS kind, r.id, %s, NULL::bigint AS task_id, NULL::int AS command_seq, %s
      FROM r
      UNION ALL
      SELECT 't', tk.run_id, tk.lease_token, tk.lease_expires_at, tk.id, tk.command_seq,
             NULL::text, false
      FROM tk WHERE tk.state = 'leased'""";

  /** New tasks of the runs in {@code r}; item n of the batch is {@code r.n}. */
  private static final String NEW_TASKS =
      """
      tk AS (
        INSERT INTO continuum_activity_tasks (run_id, command_seq, activity_type, input, options,
            idempotency_key, max_attempts, available_at, state, attempt, lease_owner, lease_token,
            lease_expires_at, attempt_started_at)
        SELECT r.id, k.c, k.ty, k.i, k.o::jsonb, k.k, k.m, continuum_now(),
            CASE WHEN k.l THEN 'leased' ELSE 'ready' END, CASE WHEN k.l THEN 1 ELSE 0 END,
            CASE WHEN k.l THEN k.ow END,
            CASE WHEN k.l THEN nextval('continuum_lease_token_seq') END,
            CASE WHEN k.l THEN continuum_now() + k.ttl * interval '1 millisecond' END,
            CASE WHEN k.l THEN continuum_now() END
        FROM unnest($%d::int[], $%d::int[], $%d::text[], $%d::bytea[], $%d::text[], $%d::text[],
                    $%d::int[], $%d::bool[], $%d::text[], $%d::bigint[])
               AS k(n, c, ty, i, o, k, m, l, ow, ttl)
        JOIN r ON r.n = k.n
        RETURNING run_id, id, command_seq, state, lease_token, lease_expires_at),
      tm AS (
        INSERT INTO continuum_timers (run_id, command_seq, fire_at)
        SELECT r.id, t.c, t.f FROM unnest($%d::int[], $%d::int[], $%d::timestamptz[]) AS t(n, c, f)
        JOIN r ON r.n = t.n),
      ev AS (
        INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)
        SELECT r.id, e.s, e.t, e.d, continuum_now()
        FROM unnest($%d::int[], $%d::int[], $%d::text[], $%d::bytea[]) AS e(n, s, t, d)
        JOIN r ON r.n = e.n)""";

  private static String newTasks(int first) {
    Object[] params = new Object[17];
    for (int i = 0; i < params.length; i++) {
      params[i] = first + i;
    }
    return NEW_TASKS.formatted(params);
  }

  /**
   * Creates a batch of runs, each with run_started and its first step, leased unless the step ended
   * it; returns a row for each run it created (an id that exists already is left alone). Item n of
   * the batch is element n of every array ($1..$13, $31 the version, $32/$33 the name and payload
   * of a signal that starts in its mailbox, marking it runnable); the events, tasks and timers
   * ($14..$30) name their item.
   */
  static final String START =
      """
      WITH x AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[],
            $6::text[], $7::text[], $8::text[], $9::bytea[], $10::text[], $11::bool[],
            $12::text[], $13::bigint[], $31::text[], $32::text[], $33::bytea[])
          WITH ORDINALITY AS x(id, wt, ns, st, ls, ih, a0, a1, res, fail, term, ow, ttl, vh, sn,
            sp, n)),
      created AS (
        INSERT INTO continuum_runs (id, workflow_type, namespace, state, last_seq, input_hash,
            attributes, result, failure, lease_owner, lease_token, lease_expires_at,
            next_wakeup_at, created_at, updated_at, version_hash)
        SELECT id, wt, ns, st, ls, ih, a0::jsonb || COALESCE(a1::jsonb, '{}'::jsonb), res,
            fail::jsonb,
            CASE WHEN term THEN NULL ELSE ow END,
            CASE WHEN term THEN NULL ELSE nextval('continuum_lease_token_seq') END,
            CASE WHEN term THEN NULL ELSE continuum_now() + ttl * interval '1 millisecond' END,
            CASE WHEN sn IS NOT NULL AND NOT term THEN continuum_now() END,
            continuum_now(), continuum_now(), vh
        FROM x ORDER BY n
        ON CONFLICT (id) DO NOTHING
        RETURNING id, lease_token, lease_expires_at),
      r AS (SELECT c.id, c.lease_token, c.lease_expires_at, x.n FROM created c JOIN x ON x.id = c.id),
      sg AS (
        INSERT INTO continuum_signals (run_id, name, payload, created_at)
        SELECT x.id, x.sn, x.sp, continuum_now() FROM r JOIN x ON x.n = r.n
        WHERE x.sn IS NOT NULL AND NOT x.term),
      %s
      %s
      """
          .formatted(
              newTasks(14),
              ANSWER.formatted(
                  "r.lease_token, r.lease_expires_at", "NULL::text AS parent, false AS family"));

  /**
   * Commits a batch of steps, each under its own lease token, last seq and state CAS; returns a row
   * for each step that committed (see PgJournalImpl#commit). Item n is element n of $1..$11; $12
   * the states a step may leave; the events, consumed inbox items, tasks and timers name their
   * item; $33/$34 the consumed activity results to record for reuse; $36..$39 the snapshots to
   * store (item, seq, format, envelope), each replacing its run's older ones (a step that ends its
   * run drops them all). A consumed activity result must name its task under the attempt that
   * produced it, either done (read from the inbox) or still leased (handed over by a local worker);
   * a requeued task's stale attempt fences the step. A recorded cancel request is binding: while it
   * waits, only a step that cancels may end or park the run.
   */
  static final String COMMIT =
      """
      WITH x AS (
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::int[],
            $6::bool[], $7::bool[], $8::text[], $9::bytea[], $10::text[], $11::text[])
          WITH ORDINALITY AS x(id, tok, exp, st, ls, term, drifted, attrs, res, fail, drift, n)),
      cn AS (SELECT * FROM unnest($13::int[], $14::text[], $15::bigint[], $35::int[])
          AS cn(n, kind, id, att)),
      r AS (
        UPDATE continuum_runs c SET
          state = x.st, last_seq = x.ls, updated_at = continuum_now(),
          attributes = CASE WHEN x.attrs IS NULL THEN c.attributes
                            ELSE c.attributes || x.attrs::jsonb END,
          result = COALESCE(x.res, c.result),
          failure = COALESCE(x.fail::jsonb, c.failure),
          drift = x.drift,
          lease_owner = CASE WHEN x.term OR x.drifted THEN NULL ELSE c.lease_owner END,
          lease_token = CASE WHEN x.term OR x.drifted THEN NULL ELSE c.lease_token END,
          lease_expires_at = CASE WHEN x.term OR x.drifted THEN NULL ELSE c.lease_expires_at END,
          cancel_requested_at = CASE WHEN x.term THEN NULL ELSE c.cancel_requested_at END,
          next_wakeup_at = CASE
            WHEN x.term OR x.drifted THEN NULL
            WHEN c.cancel_requested_at IS NOT NULL
              OR EXISTS (SELECT 1 FROM continuum_signals s WHERE s.run_id = c.id
                         AND s.id NOT IN (SELECT id FROM cn WHERE cn.n = x.n AND cn.kind = 's'))
              OR EXISTS (SELECT 1 FROM continuum_timers t WHERE t.run_id = c.id
                         AND t.fired_at IS NOT NULL
                         AND t.id NOT IN (SELECT id FROM cn WHERE cn.n = x.n AND cn.kind = 't'))
              OR EXISTS (SELECT 1 FROM continuum_activity_tasks k WHERE k.run_id = c.id
                         AND k.state = 'done'
                         AND k.id NOT IN (SELECT id FROM cn WHERE cn.n = x.n AND cn.kind = 'a'))
              OR EXISTS (SELECT 1 FROM continuum_child_outcomes o WHERE o.run_id = c.id
                         AND o.id NOT IN (SELECT id FROM cn WHERE cn.n = x.n AND cn.kind = 'o'))
              OR EXISTS (SELECT 1 FROM continuum_updates u WHERE u.run_id = c.id
                         AND u.id NOT IN (SELECT id FROM cn WHERE cn.n = x.n AND cn.kind = 'u'))
            THEN COALESCE(c.next_wakeup_at, continuum_now())
            ELSE NULL END
        FROM x
        WHERE c.id = x.id AND c.lease_token = x.tok AND c.last_seq = x.exp
          AND c.state = ANY($12::text[])
          AND (c.cancel_requested_at IS NULL OR x.st = 'cancelled' OR NOT (x.term OR x.drifted))
          AND NOT EXISTS (
            SELECT 1 FROM cn WHERE cn.n = x.n AND cn.kind = 'a' AND NOT EXISTS (
              SELECT 1 FROM continuum_activity_tasks k
              WHERE k.id = cn.id AND k.run_id = c.id AND k.attempt = cn.att
                AND k.state IN ('leased', 'done')))
        RETURNING c.id, x.n, x.term, c.parent_run_id AS parent, c.has_children AS family),
      cs AS (
        DELETE FROM continuum_signals s USING r
        WHERE s.run_id = r.id
          AND (r.term OR s.id IN (SELECT id FROM cn WHERE cn.n = r.n AND cn.kind = 's'))),
      ct AS (
        DELETE FROM continuum_timers t USING r
        WHERE t.run_id = r.id
          AND (r.term OR t.id IN (SELECT id FROM cn WHERE cn.n = r.n AND cn.kind = 't'))),
      ck AS (
        DELETE FROM continuum_activity_tasks k USING r
        WHERE k.run_id = r.id
          AND (r.term OR k.id IN (SELECT id FROM cn WHERE cn.n = r.n AND cn.kind = 'a'))),
      co AS (
        DELETE FROM continuum_child_outcomes o USING r
        WHERE o.run_id = r.id
          AND (r.term OR o.id IN (SELECT id FROM cn WHERE cn.n = r.n AND cn.kind = 'o'))),
      cu AS (
        DELETE FROM continuum_updates u USING r
        WHERE u.run_id = r.id
          AND (r.term OR u.id IN (SELECT id FROM cn WHERE cn.n = r.n AND cn.kind = 'u'))),
      lr AS (
        INSERT INTO continuum_activity_results (activity_type, idempotency_key, result, created_at)
        SELECT k.activity_type, k.idempotency_key, v.res, continuum_now()
        FROM unnest($33::bigint[], $34::bytea[]) AS v(id, res)
        JOIN continuum_activity_tasks k ON k.id = v.id
        WHERE v.res IS NOT NULL AND k.options->>'idempotency_key' IS NOT NULL
          AND k.run_id IN (SELECT id FROM r)
        ORDER BY 1, 2
        ON CONFLICT DO NOTHING),
      sn AS (
        INSERT INTO continuum_snapshots (run_id, seq, format_version, data, created_at)
        SELECT r.id, p.s, p.f, p.d, continuum_now()
        FROM unnest($36::int[], $37::int[], $38::int[], $39::bytea[]) AS p(n, s, f, d)
        JOIN r ON r.n = p.n
        WHERE NOT r.term
        ON CONFLICT (run_id, seq) DO NOTHING),
      so AS (
        DELETE FROM continuum_snapshots o USING r
        WHERE o.run_id = r.id
          AND (r.term OR o.seq < (SELECT max(p.s) FROM unnest($36::int[], $37::int[]) AS p(n, s)
                                  WHERE p.n = r.n))),
      %s
      %s
      """
          .formatted(
              newTasks(16),
              ANSWER.formatted(
                  "NULL::bigint AS lease_token, NULL::timestamptz AS lease_expires_at",
                  "r.parent, r.family"));

  /** Why a commit matched no row. */
  static final String FENCE =
      "SELECT state, lease_token, last_seq FROM continuum_runs WHERE id = $1";

  /**
   * A run's row, its newest snapshot and the events after it, in one statement: the first row
   * carries the run's columns and the snapshot ({@code snap_*}, null without one), each further row
   * one event ({@code seq}, {@code data}, {@code recorded_at}) with the run's columns null.
   */
  static final String RESUME =
      """
      WITH r AS (
        SELECT id, workflow_type, namespace, state, last_seq, input_hash, created_at, updated_at,
               lease_owner, lease_token, lease_expires_at, result, failure, drift, attributes,
               version_hash, correlation_id, continued_from, parent_run_id, start_at,
               execution_deadline
        FROM continuum_runs WHERE id = $1),
      s AS (
        SELECT seq, format_version, data FROM continuum_snapshots
        WHERE run_id = $1 ORDER BY seq DESC LIMIT 1)
      SELECT r.*, s.seq AS snap_seq, s.format_version::int AS snap_format, s.data AS snap_data,
             NULL::int AS seq, NULL::bytea AS data, NULL::timestamptz AS recorded_at
      FROM r LEFT JOIN s ON true
      UNION ALL
      SELECT r.*, NULL::int, NULL::int, NULL::bytea, e.seq, e.data, e.recorded_at
      FROM continuum_events e LEFT JOIN r ON false
      WHERE e.run_id = $1 AND EXISTS (SELECT 1 FROM r)
        AND e.seq > COALESCE((SELECT seq FROM s), 0)
      ORDER BY seq NULLS FIRST
      """;

  /**
   * Stores snapshot ($4 seq, $5 format, $6 envelope) of run $1 while lease token $2 holds it and
   * its last seq is $3, replacing older ones; no row: fenced.
   */
  static final String WRITE_SNAPSHOT =
      """
      WITH r AS (
        SELECT id FROM continuum_runs
        WHERE id = $1 AND lease_token = $2 AND last_seq = $3 AND $4::int <= $3
          AND state NOT IN %s
        FOR UPDATE),
      sn AS (
        INSERT INTO continuum_snapshots (run_id, seq, format_version, data, created_at)
        SELECT r.id, $4::int, $5::int, $6::bytea, continuum_now() FROM r
        ON CONFLICT (run_id, seq) DO NOTHING),
      so AS (DELETE FROM continuum_snapshots o USING r WHERE o.run_id = r.id AND o.seq < $4::int)
      SELECT id FROM r
      """
          .formatted(TERMINAL);

  /** The owner of a run's live lease, by the database clock; no row when nobody holds one. */
  static final String LEASE_HOLDER =
      """
      SELECT lease_owner FROM continuum_runs
      WHERE id = $1 AND lease_owner IS NOT NULL AND lease_expires_at > continuum_now()
      """;

  static final String RUN =
      """
      SELECT id, workflow_type, namespace, state, last_seq, input_hash, created_at, updated_at,
             lease_owner, lease_token, lease_expires_at, result, failure, drift, attributes,
             version_hash, correlation_id, continued_from, parent_run_id, start_at,
             execution_deadline
      FROM continuum_runs WHERE id = $1
      """;

  /** The live tip of the chain of $1: $1 unless it continued, else its chain's run that did not. */
  static final String TIP =
      """
      WITH c AS (SELECT COALESCE(correlation_id, id) AS root, state FROM continuum_runs WHERE id = $1)
      SELECT r.id, r.workflow_type, r.namespace, r.state, r.last_seq, r.input_hash, r.created_at,
             r.updated_at, r.lease_owner, r.lease_token, r.lease_expires_at, r.result, r.failure,
             r.drift, r.attributes, r.version_hash, r.correlation_id, r.continued_from,
             r.parent_run_id, r.start_at, r.execution_deadline
      FROM continuum_runs r, c
      WHERE (c.state <> 'continued' AND r.id = $1)
         OR (c.state = 'continued' AND r.correlation_id = c.root AND r.state <> 'continued')
      ORDER BY r.created_at DESC LIMIT 1
      """;

  static final String HISTORY =
      """
      SELECT seq, data, recorded_at FROM continuum_events
      WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
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
      SELECT 'o', id, command_seq, state || ':' || child_id, result, failure, 0, NULL
        FROM continuum_child_outcomes WHERE run_id = $1
      UNION ALL
      SELECT 'u', id, 0, name || '/' || update_id, payload, NULL, 0, NULL
        FROM continuum_updates WHERE run_id = $1
      UNION ALL
      SELECT 'c', 0, 0, cancel_reason, NULL, NULL, 0, NULL
        FROM continuum_runs WHERE id = $1 AND cancel_requested_at IS NOT NULL
      UNION ALL
      SELECT 'n', coalesce((SELECT lease_token FROM continuum_runs WHERE id = $1), 0), 0,
             (SELECT state FROM continuum_runs WHERE id = $1), NULL, NULL, 0, continuum_now()
      ORDER BY 1, 2
      """;

  static final String NOW = "SELECT continuum_now() AS now";

  /**
   * Puts a signal in the mailbox of the live tip of $1's chain. The run row is locked by the
   * UPDATE, and a row a concurrent continue-as-new turned {@code continued} meanwhile is re-checked
   * and skipped (no row: the caller retries, and then sees the successor).
   */
  static final String SIGNAL =
      """
      WITH t AS (SELECT COALESCE(correlation_id, id) AS root FROM continuum_runs WHERE id = $1),
      r AS (
        UPDATE continuum_runs c SET next_wakeup_at = COALESCE(c.next_wakeup_at, continuum_now())
        FROM t WHERE (c.id = $1 OR c.correlation_id = t.root) AND c.state NOT IN %s
        RETURNING c.id,
          CASE WHEN c.lease_expires_at > continuum_now() THEN c.lease_owner END AS owner),
      s AS (
        INSERT INTO continuum_signals (run_id, name, payload, created_at)
        SELECT r.id, $2, $3, continuum_now() FROM r RETURNING id, run_id)
      SELECT s.id, s.run_id, r.owner FROM s JOIN r ON r.id = s.run_id
      """
          .formatted(TERMINAL);

  /**
   * Queues update $2 (handler $3, input $4) for the live tip of $1's chain, once per (run, update
   * id), and makes the run runnable; like {@link #SIGNAL}, no row means the tip ended or continued.
   */
  static final String REQUEST_UPDATE =
      """
      WITH t AS (SELECT COALESCE(correlation_id, id) AS root FROM continuum_runs WHERE id = $1),
      r AS (
        UPDATE continuum_runs c SET next_wakeup_at = COALESCE(c.next_wakeup_at, continuum_now())
        FROM t WHERE (c.id = $1 OR c.correlation_id = t.root) AND c.state NOT IN %s
        RETURNING c.id,
          CASE WHEN c.lease_expires_at > continuum_now() THEN c.lease_owner END AS owner),
      u AS (
        INSERT INTO continuum_updates (run_id, update_id, name, payload, created_at)
        SELECT r.id, $2, $3, $4, continuum_now() FROM r
        ON CONFLICT (run_id, update_id) DO NOTHING)
      SELECT id AS run_id, owner FROM r
      """
          .formatted(TERMINAL);

  static final String STATE = "SELECT state FROM continuum_runs WHERE id = $1";

  /** Locks $1 for a cancel; {@code code}: some node has loaded the run's workflow version. */
  static final String LOCK_FOR_CANCEL =
      """
      SELECT r.state, r.last_seq,
             r.lease_owner IS NOT NULL AND r.lease_expires_at > continuum_now() AS leased,
             EXISTS (SELECT 1 FROM continuum_workflow_versions v
                     WHERE v.workflow_type = r.workflow_type
                       AND (r.version_hash IS NULL OR v.version_hash = r.version_hash)) AS code
      FROM continuum_runs r WHERE r.id = $1 FOR UPDATE OF r
      """;

  /**
   * Records a cancel request and, the first time only, flags every activity task the run has now
   * (the CTEs see the row as it was before the statement), so its running attempts stop and tasks
   * the run creates later are not flagged.
   */
  static final String REQUEST_CANCEL =
      """
      WITH first AS (
        SELECT 1 FROM continuum_runs WHERE id = $1 AND cancel_requested_at IS NULL),
      r AS (
        UPDATE continuum_runs SET
          cancel_requested_at = COALESCE(cancel_requested_at, continuum_now()),
          cancel_reason = COALESCE(cancel_reason, $2),
          next_wakeup_at = COALESCE(next_wakeup_at, continuum_now())
        WHERE id = $1),
      k AS (
        UPDATE continuum_activity_tasks SET cancel_requested = true
        WHERE run_id = $1 AND state <> 'done' AND EXISTS (SELECT 1 FROM first))
      SELECT 1
      """;

  static final String CANCEL_NOW =
      """
      WITH r AS (
        UPDATE continuum_runs SET state = 'cancelled', last_seq = last_seq + 1,
          updated_at = continuum_now(), lease_owner = NULL, lease_token = NULL,
          lease_expires_at = NULL, next_wakeup_at = NULL, cancel_requested_at = NULL
        WHERE id = $1 RETURNING last_seq, parent_run_id, has_children),
      ev AS (
        INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)
        SELECT $1, r.last_seq, 'run_cancelled', $2, continuum_now() FROM r),
      cs AS (DELETE FROM continuum_signals WHERE run_id = $1),
      cu AS (DELETE FROM continuum_updates WHERE run_id = $1),
      ct AS (DELETE FROM continuum_timers WHERE run_id = $1),
      ck AS (DELETE FROM continuum_activity_tasks WHERE run_id = $1),
      co AS (DELETE FROM continuum_child_outcomes WHERE run_id = $1),
      sn AS (DELETE FROM continuum_snapshots WHERE run_id = $1 AND EXISTS (SELECT 1 FROM r))
      SELECT last_seq, parent_run_id, has_children FROM r
      """;

  /** Leases up to $4 runnable runs; picked once in a materialized CTE, like TaskSql.CLAIM. */
  static final String CLAIM =
      """
      WITH picked AS MATERIALIZED (
        SELECT id FROM continuum_runs
        WHERE next_wakeup_at IS NOT NULL AND next_wakeup_at <= continuum_now()
          AND state NOT IN %s AND state <> 'drifted'
          AND (lease_owner IS NULL OR lease_expires_at <= continuum_now())
          AND (start_at IS NULL OR start_at <= continuum_now())
          AND id <> ALL($3::text[])
          AND (workflow_type = ANY($5::text[])
               OR workflow_type || '@' || version_hash = ANY($5::text[])
               OR (version_hash IS NULL AND workflow_type = ANY($6::text[])))
        ORDER BY next_wakeup_at
        LIMIT $4
        FOR UPDATE SKIP LOCKED)
      UPDATE continuum_runs c SET lease_owner = $1,
        lease_token = nextval('continuum_lease_token_seq'),
        lease_expires_at = continuum_now() + $2 * interval '1 millisecond'
      FROM picked WHERE c.id = picked.id
      RETURNING c.id, c.lease_token, c.lease_expires_at
      """
          .formatted(TERMINAL);

  /**
   * Extends the next chunk of the leases of $1: at most $5 rows after id $4, locked in id order
   * (see {@link LeaseOps}); answers how many it renewed, the first $3 of them with work waiting,
   * and the last id it locked (null when none).
   */
  static final String RENEW =
      """
      WITH l AS MATERIALIZED (
        SELECT id FROM continuum_runs WHERE lease_owner = $1 AND id > $4
        ORDER BY lease_owner, id LIMIT $5 FOR UPDATE),
      u AS (
        UPDATE continuum_runs c
        SET lease_expires_at = continuum_now() + $2 * interval '1 millisecond'
        FROM l WHERE c.id = l.id
        RETURNING c.id, c.next_wakeup_at IS NOT NULL AS waiting)
      SELECT (SELECT count(*) FROM u) AS renewed,
             ARRAY(SELECT id FROM u WHERE waiting LIMIT $3) AS waiting,
             (SELECT max(id) FROM l) AS last,
             (SELECT count(*) FROM l) AS locked
      """;

  /** Releases the leases of $1 among $2, locking the rows in id order. */
  static final String RELEASE =
      """
      WITH l AS MATERIALIZED (
        SELECT id FROM continuum_runs WHERE lease_owner = $1 AND id = ANY($2::text[])
        ORDER BY id FOR UPDATE)
      UPDATE continuum_runs c SET lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
      FROM l WHERE c.id = l.id
      RETURNING c.id, c.next_wakeup_at IS NOT NULL AS waiting
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
