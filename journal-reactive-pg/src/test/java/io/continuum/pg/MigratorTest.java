package io.continuum.pg;

import static io.continuum.pg.testing.PgTestDatabase.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migrator applies every versioned file exactly once (even when started twice at once), records
 * it with its checksum, and refuses schemas that are newer than the code or whose files changed.
 */
class MigratorTest {
  private static final PgJournalOptions OPTIONS =
      PgJournalOptions.defaults().withPoolSize(2).withListen(false);

  private static Vertx vertx;
  private PgConnectOptions db;

  /** One row of continuum_schema_version. */
  private record VersionRow(int version, String name, String checksum, Instant appliedAt) {}

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    join(vertx.close());
  }

  @BeforeEach
  void emptyDatabase() {
    db = PgTestDatabase.shared().newEmptyDatabase();
  }

  @AfterEach
  void dropDatabase() {
    PgTestDatabase.shared().drop(db);
  }

  @Test
  void migrateAppliesEveryMigrationAndRecordsItsVersionAndChecksum() {
    assertThat(currentVersion()).isZero();

    List<String> applied = join(Migrator.migrate(vertx, db));

    assertThat(applied).containsExactlyElementsOf(Migrator.MIGRATIONS);
    List<VersionRow> rows = versionRows();
    assertThat(rows).hasSize(Migrator.LATEST);
    for (int i = 0; i < Migrator.LATEST; i++) {
      String file = Migrator.MIGRATIONS.get(i);
      VersionRow row = rows.get(i);
      assertThat(row.version()).isEqualTo(i + 1);
      assertThat(row.name()).isEqualTo(file);
      // The checksum is persisted: changing its algorithm would make every existing database fail.
      assertThat(row.checksum()).isEqualTo(sha256(Migrator.read(file)));
      assertThat(row.appliedAt()).isNotNull();
    }
    assertThat(currentVersion()).isEqualTo(Migrator.LATEST);
    assertThat(tables())
        .contains(
            "continuum_runs",
            "continuum_events",
            "continuum_signals",
            "continuum_timers",
            "continuum_activity_tasks",
            "continuum_activity_results",
            "continuum_snapshots",
            "continuum_workflow_versions",
            "continuum_child_outcomes");
  }

  @Test
  void migratingAgainIsANoOpThatKeepsTablesAndData() {
    join(Migrator.migrate(vertx, db));
    List<VersionRow> first = versionRows();
    execute(
        "INSERT INTO continuum_workflow_versions VALUES"
            + " ('Checkout', 'v1', 'node-1', 'com.example.Checkout', now())");
    execute(
        "INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)"
            + " VALUES ('run-1', 1, 'run_started', '\\x00'::bytea, now())");
    List<String> tablesBefore = tables();

    List<String> again = join(Migrator.migrate(vertx, db));

    assertThat(again).isEmpty();
    assertThat(versionRows()).isEqualTo(first);
    assertThat(tables()).isEqualTo(tablesBefore);
    assertThat(strings("SELECT class_name FROM continuum_workflow_versions"))
        .containsExactly("com.example.Checkout");
    assertThat(strings("SELECT run_id FROM continuum_events")).containsExactly("run-1");
  }

  @Test
  void twoConcurrentMigrationsBothSucceedAndApplyTheSchemaOnce() throws Exception {
    long lockKey = migratorLockKey();
    Future<List<String>> a;
    Future<List<String>> b;
    try (Connection blocker = PgTestDatabase.shared().connect(db);
        Statement s = blocker.createStatement()) {
      // Hold the migrator's lock until both migrations queue on it, so they truly overlap.
      s.execute("SELECT pg_advisory_lock(" + lockKey + ")");
      a = Migrator.migrate(vertx, db);
      b = Migrator.migrate(vertx, db);
      awaitAdvisoryLockWaiters(blocker, 2);
      s.execute("SELECT pg_advisory_unlock(" + lockKey + ")");

      assertThat(List.of(join(a), join(b)))
          .containsExactlyInAnyOrder(Migrator.MIGRATIONS, List.of());
    }
    assertThat(versionRows())
        .extracting(VersionRow::version)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, Migrator.LATEST).boxed().toList());
    assertThat(currentVersion()).isEqualTo(Migrator.LATEST);
  }

  @Test
  void aSchemaNewerThanTheCodeFailsJournalStartWithOrWithoutAutoMigrate() {
    join(Migrator.migrate(vertx, db));
    recordFutureVersion();

    assertNewerSchema(createFailure(OPTIONS.withAutoMigrate(false)));
    assertNewerSchema(createFailure(OPTIONS.withAutoMigrate(true)));
  }

  @Test
  void aSchemaNewerThanTheCodeFailsMigrateAndChangesNothing() {
    join(Migrator.migrate(vertx, db));
    recordFutureVersion();
    List<VersionRow> before = versionRows();

    assertNewerSchema(failure(Migrator.migrate(vertx, db)));
    assertThat(versionRows()).isEqualTo(before);
  }

  @Test
  void aRecordedChecksumThatNoLongerMatchesTheFileFailsMigrate() {
    join(Migrator.migrate(vertx, db));
    execute("UPDATE continuum_schema_version SET checksum = 'edited-by-hand' WHERE version = 1");

    Throwable err = failure(Migrator.migrate(vertx, db));

    assertThat(err)
        .isInstanceOfSatisfying(
            SchemaVersionException.class,
            e ->
                assertThat(e.getMessage())
                    .contains(Migrator.MIGRATIONS.get(0))
                    .contains("contents"));
    assertThat(createFailure(OPTIONS.withAutoMigrate(true)))
        .isInstanceOf(SchemaVersionException.class);
    assertThat(strings("SELECT checksum FROM continuum_schema_version WHERE version = 1"))
        .containsExactly("edited-by-hand");
  }

  @Test
  void aSchemaBehindTheCodeFailsJournalStartWhenAutoMigrateIsOff() {
    Throwable err = createFailure(OPTIONS.withAutoMigrate(false));

    assertThat(err)
        .isInstanceOfSatisfying(
            SchemaVersionException.class,
            e -> {
              assertThat(e.found()).isZero();
              assertThat(e.expected()).isEqualTo(Migrator.LATEST);
              assertThat(e.getMessage())
                  .contains("migrate")
                  .contains(Integer.toString(Migrator.LATEST));
            });
    assertThat(tables()).doesNotContain("continuum_runs", "continuum_schema_version");
  }

  @Test
  void aSchemaBehindTheCodeIsMigratedAtJournalStartWhenAutoMigrateIsOn() {
    PgJournal journal = join(PgJournal.create(vertx, db, OPTIONS.withAutoMigrate(true)));
    join(journal.close());

    assertThat(currentVersion()).isEqualTo(Migrator.LATEST);
    assertThat(versionRows())
        .extracting(VersionRow::name)
        .containsExactlyElementsOf(Migrator.MIGRATIONS);
    assertThat(tables()).contains("continuum_runs", "continuum_events");
  }

  private void recordFutureVersion() {
    execute(
        "INSERT INTO continuum_schema_version (version, name, checksum) VALUES ("
            + (Migrator.LATEST + 1)
            + ", 'V999__from_the_future.sql', 'unknown')");
  }

  private static void assertNewerSchema(Throwable err) {
    int newer = Migrator.LATEST + 1;
    assertThat(err)
        .isInstanceOfSatisfying(
            SchemaVersionException.class,
            e -> {
              assertThat(e.found()).isEqualTo(newer);
              assertThat(e.expected()).isEqualTo(Migrator.LATEST);
              assertThat(e.getMessage())
                  .contains("newer")
                  .contains(Integer.toString(newer))
                  .contains(Integer.toString(Migrator.LATEST));
            });
  }

  /** The failure of a journal start (closing the journal if it started after all). */
  private Throwable createFailure(PgJournalOptions options) {
    return join(
        PgJournal.create(vertx, db, options)
            .transform(
                ar ->
                    ar.succeeded()
                        ? ar.result().close().map(v -> (Throwable) null)
                        : Future.succeededFuture(ar.cause())));
  }

  private static Throwable failure(Future<?> f) {
    return join(f.transform(ar -> Future.succeededFuture(ar.failed() ? ar.cause() : null)));
  }

  private int currentVersion() {
    return join(
        PgConnection.connect(vertx, db)
            .compose(conn -> Migrator.currentVersion(conn).eventually(conn::close)));
  }

  private List<VersionRow> versionRows() {
    List<VersionRow> rows = new ArrayList<>();
    query(
        "SELECT version, name, checksum, applied_at FROM continuum_schema_version ORDER BY version",
        rs ->
            rows.add(
                new VersionRow(
                    rs.getInt(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class).toInstant())));
    return rows;
  }

  private List<String> tables() {
    return strings("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  }

  private List<String> strings(String sql) {
    List<String> values = new ArrayList<>();
    query(sql, rs -> values.add(rs.getString(1)));
    return values;
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private void query(String sql, RowReader reader) {
    try (Connection c = PgTestDatabase.shared().connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        reader.read(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private void execute(String sql) {
    PgTestDatabase.shared().execute(db, sql);
  }

  /** Waits (at most 30 s) until {@code n} sessions of this database wait for an advisory lock. */
  private static void awaitAdvisoryLockWaiters(Connection c, int n) throws SQLException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (Statement s = c.createStatement()) {
      while (true) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    + " AND database = (SELECT oid FROM pg_database"
                    + " WHERE datname = current_database())")) {
          rs.next();
          if (rs.getInt(1) >= n) {
            return;
          }
        }
        assertThat(System.nanoTime() - deadline)
            .as("%d migrations waiting on the advisory lock within 30 s", n)
            .isNegative();
      }
    }
  }

  /** The migrator's advisory lock key. */
  private static long migratorLockKey() {
    return Migrator.LOCK_KEY;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
