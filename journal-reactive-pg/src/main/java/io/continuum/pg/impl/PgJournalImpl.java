package io.continuum.pg.impl;

import io.continuum.Failure;
import io.continuum.RunState;
import io.continuum.UnsupportedVertxVersion;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.StepOutcome;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.CancelResult;
import io.continuum.journal.CommitResult;
import io.continuum.journal.Inbox;
import io.continuum.journal.JournalListener;
import io.continuum.journal.JournalStats;
import io.continuum.journal.Lease;
import io.continuum.journal.NewRun;
import io.continuum.journal.RenewResult;
import io.continuum.journal.RunRecord;
import io.continuum.journal.RunSearch;
import io.continuum.journal.StartResult;
import io.continuum.journal.StepCommit;
import io.continuum.journal.SweepResult;
import io.continuum.journal.TaskLeasing;
import io.continuum.journal.TaskOutcome;
import io.continuum.journal.TimerEntry;
import io.continuum.pg.Migrator;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.pg.SchemaVersionException;
import io.continuum.runtime.SupportedVertx;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@link PgJournal} implementation. Public only so that {@link PgJournal#create} can reach it;
 * not an API.
 */
public final class PgJournalImpl implements PgJournal {

  private static final String ENSURE_PARTITIONS =
      "SELECT continuum_create_partition(((continuum_now() AT TIME ZONE 'UTC')"
          + " + m * interval '1 month')::date) FROM generate_series(0, 2) AS m";

  private final Vertx vertx;
  private final Pool pool;
  private final DbClock clock;
  private final PgNotices notices;
  private final RunOps runs;
  private final LeaseOps leases;
  private final MetaOps meta;
  private final RunQueries queries;
  private final TaskOps tasks;
  private final RunWrites writes;
  private final HealthProbe probe;
  private long clockSync = -1;

  private PgJournalImpl(Vertx vertx, PgConnectOptions connect, PgJournalOptions options) {
    this.vertx = vertx;
    PgConnectOptions tuned =
        new PgConnectOptions(connect)
            .setCachePreparedStatements(true)
            .setPreparedStatementCacheSqlLimit(16_384);
    if (tuned.getProperties() == null || !tuned.getProperties().containsKey("application_name")) {
      tuned.addProperty("application_name", "continuum/journal");
    }
    tuned.addProperty("plan_cache_mode", "force_generic_plan");
    tuned.addProperty("client_min_messages", "warning");
    bounded(tuned, options);
    this.pool =
        PgBuilder.pool()
            .with(
                new PoolOptions()
                    .setMaxSize(options.poolSize())
                    .setName("continuum-journal")
                    .setConnectionTimeout((int) options.poolWait().toMillis())
                    .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
            .with(
                new NetClientOptions().setConnectTimeout((int) options.connectTimeout().toMillis()))
            .connectingTo(tuned)
            .using(vertx)
            .build();
    this.probe = new HealthProbe(vertx, connect, options);
    this.clock = new DbClock(pool);
    this.notices =
        new PgNotices(vertx, pool, connect, options, UUID.randomUUID().toString().substring(0, 8));
    this.runs = new RunOps(pool, notices);
    this.leases = new LeaseOps(vertx, pool, notices);
    this.meta = new MetaOps(pool);
    this.queries = new RunQueries(pool);
    this.tasks = new TaskOps(pool, notices);
    this.writes = new RunWrites(pool, notices, runs, options.batchSlots());
  }

  /** Every statement and lock wait of a connection ends within the options' bounds. */
  static PgConnectOptions bounded(PgConnectOptions connect, PgJournalOptions options) {
    return connect
        .addProperty("statement_timeout", Long.toString(options.statementTimeout().toMillis()))
        .addProperty("lock_timeout", Long.toString(options.lockTimeout().toMillis()));
  }

  /** See {@link PgJournal#create}. */
  public static Future<PgJournal> create(
      Vertx vertx, PgConnectOptions connect, PgJournalOptions options) {
    try {
      SupportedVertx.require();
    } catch (UnsupportedVertxVersion e) {
      return Future.failedFuture(e);
    }
    Future<?> schema =
        options.autoMigrate() ? Migrator.migrate(vertx, connect) : Future.succeededFuture();
    return schema.compose(
        v -> {
          var journal = new PgJournalImpl(vertx, connect, options);
          return journal
              .checkSchema()
              .compose(x -> journal.clock.sync())
              .compose(x -> journal.ensurePartitions())
              .compose(x -> journal.notices.start())
              .map(
                  x -> {
                    journal.clockSync =
                        vertx.setPeriodic(
                            options.clockSyncInterval().toMillis(),
                            id ->
                                journal.clock.sync().compose(synced -> journal.ensurePartitions()));
                    return (PgJournal) journal;
                  })
              .recover(err -> journal.close().transform(x -> Future.failedFuture(err)));
        });
  }

  // This month's and the next two months' history partitions (UTC months of the database clock);
  // checked at start and with every clock sync, so a long-running node never runs out of them.
  private Future<Void> ensurePartitions() {
    return pool.query(ENSURE_PARTITIONS).execute().mapEmpty();
  }

  private Future<Void> checkSchema() {
    return Migrator.currentVersion(pool)
        .compose(
            version ->
                version == Migrator.LATEST
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new SchemaVersionException(
                            version < Migrator.LATEST
                                ? "the database schema is at version "
                                    + version
                                    + ", this code needs "
                                    + Migrator.LATEST
                                    + ": run `continuum migrate` or enable autoMigrate"
                                : "the database schema is at version "
                                    + version
                                    + ", newer than this code ("
                                    + Migrator.LATEST
                                    + "); deploy the Continuum version that migrated it",
                            version,
                            Migrator.LATEST)));
  }

  private <T> Future<T> op(String name, Supplier<Future<T>> call) {
    try {
      return call.get().recover(err -> Future.failedFuture(PgErrors.classify(name, err)));
    } catch (RuntimeException e) {
      return Future.failedFuture(PgErrors.classify(name, e));
    }
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Future<StartResult> start(
      NewRun run, StepOutcome firstStep, String owner, Duration leaseTtl, TaskLeasing leasing) {
    return op("start", () -> writes.start(run, firstStep, owner, leaseTtl, leasing));
  }

  @Override
  public Future<CommitResult> commit(StepCommit commit) {
    return op("commit", () -> writes.commit(commit));
  }

  @Override
  public Future<RunRecord> tip(String runId) {
    return op("tip", () -> runs.tip(runId));
  }

  @Override
  public Future<RunRecord> run(String runId) {
    return op("run", () -> runs.run(runId));
  }

  @Override
  public Future<String> leaseHolder(String runId) {
    return op("leaseHolder", () -> runs.leaseHolder(runId));
  }

  @Override
  public Future<List<HistoryEvent>> history(String runId, int afterSeq) {
    return op("history", () -> runs.history(runId, afterSeq));
  }

  @Override
  public Future<List<HistoryEvent>> history(String runId, int afterSeq, int limit) {
    return op("history", () -> runs.history(runId, afterSeq, limit));
  }

  @Override
  public Future<io.continuum.journal.Resumption> resume(String runId) {
    return op("resume", () -> runs.resume(runId));
  }

  @Override
  public Future<Void> writeSnapshot(
      String runId, long leaseToken, int lastSeq, io.continuum.journal.StoredSnapshot snapshot) {
    return op("write_snapshot", () -> runs.writeSnapshot(runId, leaseToken, lastSeq, snapshot));
  }

  @Override
  public Future<Void> recordLoadedVersions(
      String node, Collection<io.continuum.journal.LoadedVersion> versions) {
    return op("record_loaded_versions", () -> runs.recordLoadedVersions(node, versions));
  }

  @Override
  public Future<List<RunRecord>> query(RunSearch search) {
    return op("query", () -> queries.query(search));
  }

  @Override
  public Future<Map<RunState, Long>> countRuns(String namespace) {
    return queries.countRuns(namespace);
  }

  @Override
  public Future<Map<String, List<io.continuum.journal.LoadedVersion>>> nodeVersions() {
    return queries.nodeVersions();
  }

  @Override
  public Future<List<io.continuum.journal.TaskStatus>> pendingTasks(String runId) {
    return queries.pendingTasks(runId);
  }

  @Override
  public Future<Map<String, Long>> openRunsByVersion(String namespace) {
    return queries.openRunsByVersion(namespace);
  }

  @Override
  public Future<RunRecord> setAttributes(String runId, Payload attributes) {
    return op("set_attributes", () -> queries.setAttributes(runId, attributes));
  }

  @Override
  public Future<Inbox> inbox(String runId) {
    return op("inbox", () -> runs.inbox(runId));
  }

  @Override
  public Future<Long> signal(String runId, String name, Payload payload) {
    return op("signal", () -> runs.signal(runId, name, payload));
  }

  @Override
  public Future<CancelResult> cancel(String runId, String reason) {
    return op("cancel", () -> runs.cancel(runId, reason, false));
  }

  @Override
  public Future<String> requestUpdate(String runId, String updateId, String name, Payload input) {
    return op("update", () -> runs.requestUpdate(runId, updateId, name, input));
  }

  @Override
  public Future<CancelResult> requestCancel(String runId, String reason) {
    return op("cancel", () -> runs.cancel(runId, reason, true));
  }

  @Override
  public Future<List<Lease>> claimRunnable(
      String owner, Collection<String> types, int limit, Duration ttl, Collection<String> exclude) {
    return op("claimRunnable", () -> leases.claim(owner, types, limit, ttl, exclude));
  }

  @Override
  public Future<RenewResult> renewLeases(String owner, Duration ttl) {
    return op("renewLeases", () -> leases.renew(owner, ttl));
  }

  @Override
  public Future<Void> releaseLeases(String owner, Collection<String> runIds) {
    return op("releaseLeases", () -> leases.release(owner, runIds));
  }

  @Override
  public Future<List<ActivityTask>> claimTasks(
      String owner, Collection<String> types, int limit, Duration ttl) {
    return op("claimTasks", () -> tasks.claim(owner, types, limit, ttl));
  }

  @Override
  public Future<Boolean> heartbeatTask(long taskId, long leaseToken, Duration ttl) {
    return op("heartbeatTask", () -> tasks.heartbeat(taskId, leaseToken, ttl));
  }

  @Override
  public Future<io.continuum.journal.TaskBeat> beatTask(
      long taskId, long leaseToken, Duration ttl, io.continuum.journal.TaskHeartbeat heartbeat) {
    return op("beatTask", () -> tasks.beat(taskId, leaseToken, ttl, heartbeat));
  }

  @Override
  public Future<Instant> awaitExternalCompletion(long taskId, long leaseToken) {
    return op("awaitExternalCompletion", () -> tasks.awaitExternal(taskId, leaseToken));
  }

  @Override
  public Future<Void> completeExternally(io.continuum.journal.ExternalCompletion completion) {
    return op("completeExternally", () -> tasks.completeExternally(completion));
  }

  @Override
  public Future<Void> completeTask(long taskId, long leaseToken, TaskOutcome outcome) {
    return op("completeTask", () -> tasks.complete(taskId, leaseToken, outcome));
  }

  @Override
  public Future<Instant> retryTask(
      long taskId, long leaseToken, Failure failure, Duration backoff) {
    return op("retryTask", () -> tasks.retry(taskId, leaseToken, failure, backoff));
  }

  @Override
  public Future<SweepResult> requeueExpiredTasks() {
    return op("requeueExpiredTasks", tasks::sweep);
  }

  @Override
  public Future<List<TimerEntry>> timersDue(Instant horizon, TimerEntry after, int limit) {
    return op("timersDue", () -> tasks.due(horizon, after, limit));
  }

  @Override
  public Future<Boolean> fireTimer(long timerId) {
    return op("fireTimer", () -> tasks.fire(timerId));
  }

  @Override
  public Future<List<Long>> fireTimers(List<Long> timerIds) {
    return op("fireTimers", () -> tasks.fireMany(timerIds));
  }

  @Override
  public Future<Void> listen(JournalListener listener) {
    notices.add(listener);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unlisten(JournalListener listener) {
    notices.remove(listener);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> syncClock() {
    return clock.sync();
  }

  @Override
  public long listenReconnects() {
    return notices.reconnects();
  }

  @Override
  public PgJournal bindTo(MeterRegistry registry, String nodeId) {
    FunctionCounter.builder("continuum.listen.reconnects", this, PgJournal::listenReconnects)
        .description("Reconnect attempts of the journal's LISTEN connection after it was lost")
        .tag("node", nodeId)
        .register(registry);
    return this;
  }

  RunWrites writes() {
    return writes;
  }

  /** The LISTEN connection's backend pid, for tests that kill it. */
  public Future<Integer> listenBackendPid() {
    return notices
        .subscriber()
        .actualConnection()
        .query("SELECT pg_backend_pid() AS pid")
        .execute()
        .map(rows -> rows.iterator().next().getInteger("pid"));
  }

  @Override
  public Future<byte[]> secret(String purpose) {
    return op("secret", () -> meta.secret(purpose));
  }

  @Override
  public Future<JournalStats> stats() {
    return op("stats", meta::stats);
  }

  @Override
  public Future<Void> checkHealth() {
    return probe.check();
  }

  @Override
  public Future<Void> close() {
    if (clockSync >= 0) {
      vertx.cancelTimer(clockSync);
    }
    return notices.close().transform(ar -> probe.close()).transform(ar -> pool.close());
  }
}
