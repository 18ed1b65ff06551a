package io.continuum.pg.impl;

import io.continuum.RunState;
import io.continuum.journal.JournalStats;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;

/** What the journal knows about itself: shared secrets, and the counts its gauges show. */
final class MetaOps {
  // The first caller's random key wins; every later one reads it back.
  private static final String SECRET =
      "WITH i AS (INSERT INTO continuum_secrets (purpose, secret) VALUES ($1, $2)"
          + " ON CONFLICT (purpose) DO NOTHING RETURNING secret)"
          + " SELECT secret FROM i UNION ALL"
          + " SELECT secret FROM continuum_secrets WHERE purpose = $1 LIMIT 1";

  private static final String STATS =
      "SELECT 'r' AS kind, state, count(*) AS n FROM continuum_runs"
          + " WHERE state NOT IN "
          + RunSql.TERMINAL
          + " GROUP BY state"
          + " UNION ALL SELECT 't', NULL, count(*) FROM continuum_activity_tasks"
          + " WHERE state = 'ready' AND available_at <= continuum_now()"
          + " UNION ALL SELECT 'f', NULL, count(*) FROM continuum_timers"
          + " WHERE fired_at IS NULL AND fire_at <= continuum_now()";

  private final Pool pool;

  MetaOps(Pool pool) {
    this.pool = pool;
  }

  Future<byte[]> secret(String purpose) {
    byte[] candidate = new byte[32];
    new SecureRandom().nextBytes(candidate);
    return pool.preparedQuery(SECRET)
        .execute(Tuple.of(purpose, Buffer.buffer(candidate)))
        .map(rows -> rows.iterator().next().getBuffer("secret").getBytes());
  }

  Future<JournalStats> stats() {
    return pool.preparedQuery(STATS)
        .execute()
        .map(
            rows -> {
              Map<RunState, Long> open = new EnumMap<>(RunState.class);
              long ready = 0;
              long due = 0;
              for (Row r : rows) {
                long n = r.getLong("n");
                switch (r.getString("kind")) {
                  case "r" -> open.put(RunState.fromWireName(r.getString("state")), n);
                  case "t" -> ready = n;
                  default -> due = n;
                }
              }
              return new JournalStats(open, ready, due);
            });
  }
}
