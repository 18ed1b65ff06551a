package io.continuum.pg.impl;

import io.continuum.RunState;
import io.continuum.journal.JournalNotice;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Wakes the family of a run that just ended, after the commit: its parent, whose inbox now holds
 * the outcome, and its live children, which were asked to cancel. The journal's trigger wrote both
 * in the ending transaction; these notices only make them act at once instead of on the backstop
 * (and reach other nodes by the coalesced NOTIFY, never one inside the step's transaction).
 */
final class FamilyWakes {
  private static final System.Logger LOG = System.getLogger(FamilyWakes.class.getName());
  private static final String LIVE_CHILDREN =
      "SELECT id FROM continuum_runs WHERE parent_run_id = $1 AND state NOT IN " + RunSql.TERMINAL;

  private final Pool pool;
  private final PgNotices notices;

  FamilyWakes(Pool pool, PgNotices notices) {
    this.pool = pool;
    this.notices = notices;
  }

  /**
   * Run {@code runId} committed {@code state}; {@code parent} is its parent or null, {@code
   * hasChildren} whether it ever started one. A run that continued as new handed both to its
   * successor: nobody needs waking.
   */
  void ended(String runId, RunState state, String parent, boolean hasChildren) {
    if (!state.isTerminal() || state == RunState.CONTINUED) {
      return;
    }
    if (parent != null) {
      notices.publish(new JournalNotice.RunReady(parent));
    }
    if (hasChildren) {
      pool.preparedQuery(LIVE_CHILDREN)
          .execute(Tuple.of(runId))
          .onSuccess(
              rows -> {
                for (Row r : rows) {
                  notices.publish(new JournalNotice.RunReady(r.getString("id")));
                }
              })
          .onFailure(
              err ->
                  LOG.log(
                      System.Logger.Level.WARNING,
                      "could not wake the children of {0} (the backstop will): {1}",
                      runId,
                      err.toString()));
    }
  }
}
