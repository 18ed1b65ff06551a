package io.continuum.pg.impl;

import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.journal.CommitResult;
import io.continuum.journal.FencedException;
import io.continuum.journal.StepCommit;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Why a commit matched no row, read back after the fact and reported as the memory journal does.
 */
final class CommitFences {
  private CommitFences() {}

  // The commit matched no row: say why, as the in-memory journal would.
  static Future<CommitResult> explain(Pool pool, StepCommit commit) {
    return explain(pool, "commit", commit.runId(), commit.leaseToken(), commit.expectedLastSeq());
  }

  /** Why a write of {@code op} under {@code token} after {@code lastSeq} matched no row. */
  static <T> Future<T> explain(Pool pool, String op, String runId, long token, int lastSeq) {
    return pool.preparedQuery(RunSql.FENCE)
        .execute(Tuple.of(runId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(new RunNotFound(runId));
              }
              Row r = rows.iterator().next();
              RunState state = RunState.fromWireName(r.getString("state"));
              Long held = r.getLong("lease_token");
              FencedException.Reason reason =
                  state.isTerminal()
                      ? FencedException.Reason.RUN_TERMINAL
                      : held == null || held != token
                          ? FencedException.Reason.LEASE_LOST
                          : r.getInteger("last_seq") != lastSeq || state.canStep()
                              ? FencedException.Reason.STALE_SEQ // or a stale inbox item
                              : FencedException.Reason.ILLEGAL_TRANSITION;
              return Future.failedFuture(new FencedException(op, runId, reason));
            });
  }
}
