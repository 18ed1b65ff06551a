package io.continuum.pg.impl;

import io.continuum.journal.JournalNotice;
import io.continuum.journal.Lease;
import io.continuum.journal.RenewResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run leases on Postgres: claims, renewals, releases. Statements that lock many run rows lock them
 * in id order, so two of them (a renewal and a release, two hosts releasing at once) wait for each
 * other instead of deadlocking; a renewal goes out in chunks of 2,000 and a release in batches of
 * 500, so no statement holds many locks for long (a renewal of 100,000 leases in one statement held
 * them for seconds, and every release and step behind it ran into its lock timeout); each release
 * batch is retried with backoff on a deadlock or serialization failure.
 */
final class LeaseOps {
  private static final System.Logger LOG = System.getLogger(LeaseOps.class.getName());
  static final int RELEASE_BATCH = 500;
  static final int RENEW_CHUNK = 2_000;
  private static final int RELEASE_ATTEMPTS = 5;
  private static final Set<String> CONTENTION = Set.of("40P01", "40001", "55P03");

  private final Vertx vertx;
  private final Pool pool;
  private final PgNotices notices;

  LeaseOps(Vertx vertx, Pool pool, PgNotices notices) {
    this.vertx = vertx;
    this.pool = pool;
    this.notices = notices;
  }

  Future<List<Lease>> claim(
      String owner, Collection<String> types, int limit, Duration ttl, Collection<String> exclude) {
    return pool.preparedQuery(RunSql.CLAIM)
        .execute(
            Tuple.of(
                owner,
                ttl.toMillis(),
                exclude.toArray(new String[0]),
                limit,
                types.toArray(new String[0]),
                versionedTypes(types)))
        .map(
            rows -> {
              List<Lease> leases = new ArrayList<>(rows.size());
              for (Row r : rows) {
                leases.add(
                    new Lease(
                        r.getString("id"),
                        owner,
                        r.getLong("lease_token"),
                        Values.instant(r.getOffsetDateTime("lease_expires_at"))));
              }
              return leases;
            });
  }

  /** Renews in chunks of {@link #RENEW_CHUNK}, one statement (and transaction) after the other. */
  Future<RenewResult> renew(String owner, Duration ttl) {
    return renewFrom(owner, ttl, "", 0, new ArrayList<>());
  }

  private Future<RenewResult> renewFrom(
      String owner, Duration ttl, String after, int renewed, List<String> waiting) {
    return pool.preparedQuery(RunSql.RENEW)
        .execute(
            Tuple.of(
                owner,
                ttl.toMillis(),
                RenewResult.MAX_WAITING - waiting.size(),
                after,
                RENEW_CHUNK))
        .compose(
            rows -> {
              Row r = rows.iterator().next();
              String[] found = r.getArrayOfStrings("waiting");
              if (found != null) {
                waiting.addAll(List.of(found));
              }
              int total = renewed + r.getLong("renewed").intValue();
              String last = r.getString("last");
              if (last == null || r.getLong("locked") < RENEW_CHUNK) {
                return Future.succeededFuture(new RenewResult(total, List.copyOf(waiting)));
              }
              return renewFrom(owner, ttl, last, total, waiting);
            });
  }

  /** Releases in sorted batches, one after the other; fails only when a batch keeps failing. */
  Future<Void> release(String owner, Collection<String> runIds) {
    List<String> sorted = runIds.stream().distinct().sorted().toList();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < sorted.size(); from += RELEASE_BATCH) {
      List<String> batch = sorted.subList(from, Math.min(sorted.size(), from + RELEASE_BATCH));
      chain = chain.compose(v -> releaseBatch(owner, batch, 1));
    }
    return chain;
  }

  private Future<Void> releaseBatch(String owner, List<String> batch, int attempt) {
    return pool.preparedQuery(RunSql.RELEASE)
        .execute(Tuple.tuple().addValue(owner).addValue(batch.toArray(new String[0])))
        .map(
            rows -> {
              publishWaiting(rows);
              return (Void) null;
            })
        .recover(
            err -> {
              if (!(err instanceof PgException pg && CONTENTION.contains(pg.getSqlState()))
                  || attempt >= RELEASE_ATTEMPTS) {
                return Future.failedFuture(err);
              }
              long delay = (25L << attempt) + ThreadLocalRandom.current().nextLong(25);
              LOG.log(
                  Level.INFO,
                  "releasing {0} leases met {1}; retrying in {2} ms",
                  batch.size(),
                  pg.getSqlState(),
                  delay);
              Promise<Void> later = Promise.promise();
              vertx.setTimer(
                  delay, id -> releaseBatch(owner, batch, attempt + 1).onComplete(later));
              return later.future();
            });
  }

  private void publishWaiting(RowSet<Row> rows) {
    for (Row r : rows) {
      if (r.getBoolean("waiting")) {
        notices.publish(new JournalNotice.RunReady(r.getString("id")));
      }
    }
  }

  /** The types of the {@code type@hash} claim keys: their runs recorded with no version. */
  private static String[] versionedTypes(Collection<String> keys) {
    return keys.stream()
        .filter(k -> k.indexOf('@') > 0)
        .map(k -> k.substring(0, k.lastIndexOf('@')))
        .distinct()
        .toArray(String[]::new);
  }
}
