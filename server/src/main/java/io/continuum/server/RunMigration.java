package io.continuum.server;

import io.continuum.RunState;
import io.continuum.core.replay.WorkflowDefinition;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;

/**
 * Moves a run that replays cleanly onto the newest version, under a lease of its own: the lease is
 * taken only when free or expired, the history is read and replayed again (the run may have moved
 * on since it was checked), and one statement fenced by the lease token and the last seq changes
 * the version and gives the lease back. A run parked as drifted that now replays is un-parked.
 *
 * <pre>{@code
 * RunMigration.Outcome o = new RunMigration(db, replay).migrate(newest, "co-1", db.now());
 * }</pre>
 */
final class RunMigration {
  static final String OWNER = "continuum/check-replay";

  private static final String LEASE =
      """
      UPDATE continuum_runs SET lease_owner = '%s',
        lease_token = nextval('continuum_lease_token_seq'),
        lease_expires_at = continuum_now() + interval '30 seconds'
      WHERE id = $1 AND state NOT IN %s
        AND (lease_owner IS NULL OR lease_expires_at <= continuum_now())
      RETURNING lease_token, last_seq, namespace, state
      """
          .formatted(OWNER, PgSession.TERMINAL);

  private static final String WHY =
      """
      SELECT state, lease_owner, lease_expires_at > continuum_now() AS live
      FROM continuum_runs WHERE id = $1
      """;

  // A drifted run becomes suspended with a wake-up, so that a node with the version claims it.
  private static final String MOVE =
      """
      UPDATE continuum_runs SET version_hash = $4, updated_at = continuum_now(),
        lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
        state = CASE WHEN state = 'drifted' THEN 'suspended' ELSE state END,
        drift = CASE WHEN state = 'drifted' THEN NULL ELSE drift END,
        next_wakeup_at = CASE WHEN state = 'drifted'
                              THEN COALESCE(next_wakeup_at, continuum_now())
                              ELSE next_wakeup_at END
      WHERE id = $1 AND lease_token = $2 AND last_seq = $3
      RETURNING id
      """;

  private static final String RELEASE =
      """
      UPDATE continuum_runs SET lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
      WHERE id = $1 AND lease_token = $2
      """;

  /** What became of a run: migrated, skipped (with why), or found drifted or failed on re-check. */
  record Outcome(Kind kind, String reason, HistoryReplay.Verdict recheck) {
    enum Kind {
      MIGRATED,
      UNPARKED,
      SKIPPED,
      RECHECK_FAILED
    }
  }

  private final PgSession db;
  private final HistoryReplay replay;

  RunMigration(PgSession db, HistoryReplay replay) {
    this.db = db;
    this.replay = replay;
  }

  /** Migrates {@code runId} to {@code newest}, or says why not. */
  Outcome migrate(WorkflowDefinition newest, String runId, Instant now) {
    List<Row> leased = db.query(LEASE, Tuple.of(runId));
    if (leased.isEmpty()) {
      return new Outcome(Outcome.Kind.SKIPPED, why(runId), null);
    }
    Row lease = leased.get(0);
    long token = lease.getLong("lease_token");
    int lastSeq = lease.getInteger("last_seq");
    boolean drifted = "drifted".equals(lease.getString("state"));
    boolean moved = false;
    try {
      HistoryReplay.Verdict again =
          replay.check(newest, runId, lease.getString("namespace"), lastSeq, now);
      if (again.kind() != HistoryReplay.Verdict.Kind.CLEAN) {
        return new Outcome(Outcome.Kind.RECHECK_FAILED, null, again);
      }
      moved = !db.query(MOVE, Tuple.of(runId, token, lastSeq, newest.versionHash())).isEmpty();
      if (!moved) {
        return new Outcome(Outcome.Kind.SKIPPED, "it changed during the check", null);
      }
      return new Outcome(drifted ? Outcome.Kind.UNPARKED : Outcome.Kind.MIGRATED, null, null);
    } finally {
      if (!moved) {
        db.query(RELEASE, Tuple.of(runId, token));
      }
    }
  }

  private String why(String runId) {
    List<Row> rows = db.query(WHY, Tuple.of(runId));
    if (rows.isEmpty()) {
      return "it no longer exists";
    }
    Row run = rows.get(0);
    String owner = run.getString("lease_owner");
    if (owner != null && Boolean.TRUE.equals(run.getBoolean("live"))) {
      return "leased by " + owner;
    }
    String state = run.getString("state");
    return RunState.fromWireName(state).isTerminal()
        ? "it ended (" + state + ")"
        : "its lease changed hands during the check";
  }
}
