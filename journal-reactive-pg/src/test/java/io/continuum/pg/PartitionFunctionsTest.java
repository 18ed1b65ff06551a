package io.continuum.pg;

import static io.continuum.pg.testing.PgTestDatabase.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monthly partitions of continuum_events are UTC calendar months: created by the migration and
 * at journal start, listed with their bounds, routed to by recorded_at, and dropped by cutoff.
 */
class PartitionFunctionsTest {
  private static final String DEFAULT = "continuum_events_default";
  private static final PgJournalOptions OPTIONS =
      PgJournalOptions.defaults().withPoolSize(2).withListen(false);

  private static Vertx vertx;
  private final List<PgConnectOptions> databases = new ArrayList<>();
  private PgConnectOptions db;

  /** One row of continuum_list_partitions(). */
  private record Partition(String name, Instant start, Instant end) {}

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    join(vertx.close());
  }

  @BeforeEach
  void database() {
    db = PgTestDatabase.shared().newDatabase();
    databases.add(db);
  }

  @AfterEach
  void dropDatabases() {
    databases.forEach(PgTestDatabase.shared()::drop);
  }

  @Test
  void theMigrationCreatesTheCurrentUtcMonthAndTheNextTwo() {
    // A fresh migration: the cloned template was migrated whenever it was first built.
    PgConnectOptions fresh = PgTestDatabase.shared().newEmptyDatabase();
    databases.add(fresh);
    YearMonth month = YearMonth.from(databaseNow(fresh).atOffset(ZoneOffset.UTC));

    join(Migrator.migrate(vertx, fresh));

    assertThat(monthlyPartitionNames(fresh))
        .containsExactly(name(month), name(month.plusMonths(1)), name(month.plusMonths(2)));
  }

  @Test
  void aJournalStartCreatesTheMonthOfTheDatabaseClockAndTheNextTwo() {
    moveDatabaseClockTo(Instant.parse("2031-05-15T12:00:00Z"));

    join(join(PgJournal.create(vertx, db, OPTIONS)).close());

    assertThat(monthlyPartitionNames(db))
        .contains(
            "continuum_events_2031_05", "continuum_events_2031_06", "continuum_events_2031_07")
        .doesNotContain("continuum_events_2031_04", "continuum_events_2031_08");
  }

  @Test
  void aJournalStartCreatesTheUtcMonthWhateverTheDatabaseTimeZone() {
    // 20:00 UTC on 31 May is already 1 June on Kiritimati (UTC+14).
    PgTestDatabase.shared()
        .execute(
            db, "ALTER DATABASE " + db.getDatabase() + " SET timezone TO 'Pacific/Kiritimati'");
    moveDatabaseClockTo(Instant.parse("2031-05-31T20:00:00Z"));

    join(join(PgJournal.create(vertx, db, OPTIONS)).close());

    assertThat(monthlyPartitionNames(db))
        .as("partitions after a journal start at 2031-05-31T20:00Z")
        .contains(
            "continuum_events_2031_05", "continuum_events_2031_06", "continuum_events_2031_07");
  }

  @Test
  void listPartitionsGivesUtcMonthBoundsOrderedByStart() throws SQLException {
    try (Connection c = connect("Asia/Kathmandu")) {
      for (String month : List.of("2031-03-01", "2030-12-01", "2031-01-20")) {
        queryString(c, "SELECT continuum_create_partition('" + month + "')");
      }

      List<Partition> partitions = listPartitions(c);

      assertThat(partitions)
          .extracting(Partition::name)
          .contains(
              "continuum_events_2030_12", "continuum_events_2031_01", "continuum_events_2031_03")
          .endsWith(DEFAULT);
      assertThat(partitions)
          .contains(
              new Partition(
                  "continuum_events_2030_12",
                  Instant.parse("2030-12-01T00:00:00Z"),
                  Instant.parse("2031-01-01T00:00:00Z")));
      Partition last = partitions.get(partitions.size() - 1);
      assertThat(last.start()).isNull();
      assertThat(last.end()).isNull();
      List<Partition> monthly = partitions.subList(0, partitions.size() - 1);
      assertThat(monthly).extracting(Partition::start).isSorted();
      for (Partition p : monthly) {
        YearMonth month =
            YearMonth.parse(p.name().substring("continuum_events_".length()).replace('_', '-'));
        assertThat(p.start()).as(p.name()).isEqualTo(utcStart(month));
        assertThat(p.end()).as(p.name()).isEqualTo(utcStart(month.plusMonths(1)));
      }
    }
  }

  @Test
  void createPartitionForAnExistingMonthIsIdempotent() throws SQLException {
    try (Connection c = connect("UTC")) {
      String first = queryString(c, "SELECT continuum_create_partition('2031-02-01')");
      insertEvent(c, "run-feb", "2031-02-10T00:00:00Z");
      List<Partition> before = listPartitions(c);

      String again = queryString(c, "SELECT continuum_create_partition('2031-02-01')");
      String midMonth = queryString(c, "SELECT continuum_create_partition('2031-02-17')");

      assertThat(first).isEqualTo("continuum_events_2031_02");
      assertThat(again).isEqualTo(first);
      assertThat(midMonth).isEqualTo(first);
      assertThat(listPartitions(c)).isEqualTo(before);
      assertThat(partitionOf(c, "run-feb")).isEqualTo(first);
    }
  }

  @Test
  void anEventLandsInThePartitionOfItsUtcMonth() throws SQLException {
    try (Connection c = connect("America/New_York")) {
      queryString(c, "SELECT continuum_create_partition('2031-02-01')");
      queryString(c, "SELECT continuum_create_partition('2031-03-01')");

      insertEvent(c, "first-instant", "2031-02-01T00:00:00Z");
      insertEvent(c, "last-instant", "2031-02-28T23:59:59.999999Z");
      insertEvent(c, "next-month", "2031-03-01T00:00:00Z");
      // Still 28 February in New York, already March in UTC.
      insertEvent(c, "new-york-evening", "2031-02-28T22:00:00-05:00");

      assertThat(partitionOf(c, "first-instant")).isEqualTo("continuum_events_2031_02");
      assertThat(partitionOf(c, "last-instant")).isEqualTo("continuum_events_2031_02");
      assertThat(partitionOf(c, "next-month")).isEqualTo("continuum_events_2031_03");
      assertThat(partitionOf(c, "new-york-evening")).isEqualTo("continuum_events_2031_03");
    }
  }

  @Test
  void anEventOutsideEveryMonthlyPartitionLandsInTheDefaultPartition() throws SQLException {
    try (Connection c = connect("UTC")) {
      insertEvent(c, "long-ago", "1999-06-15T00:00:00Z");
      insertEvent(c, "far-ahead", "2099-06-15T00:00:00Z");

      assertThat(partitionOf(c, "long-ago")).isEqualTo(DEFAULT);
      assertThat(partitionOf(c, "far-ahead")).isEqualTo(DEFAULT);
    }
  }

  @Test
  void dropPartitionsBeforeDropsExactlyThePartitionsEndingByTheCutoff() throws SQLException {
    Instant cutoff = Instant.parse("2031-03-01T00:00:00Z");
    try (Connection c = connect("Pacific/Kiritimati")) {
      for (String month : List.of("2031-01", "2031-02", "2031-03", "2031-04")) {
        queryString(c, "SELECT continuum_create_partition('" + month + "-01')");
        insertEvent(c, "run-" + month, month + "-15T00:00:00Z");
      }
      insertEvent(c, "run-default", "1999-06-15T00:00:00Z");
      List<Partition> before = listPartitions(c);
      List<String> endingByCutoff =
          before.stream()
              .filter(p -> p.end() != null && !p.end().isAfter(cutoff))
              .map(Partition::name)
              .toList();
      assertThat(endingByCutoff)
          .contains("continuum_events_2031_01", "continuum_events_2031_02")
          .doesNotContain("continuum_events_2031_03");

      List<String> dropped =
          queryStrings(c, "SELECT * FROM continuum_drop_partitions_before('" + cutoff + "')");

      assertThat(dropped).containsExactlyInAnyOrderElementsOf(endingByCutoff);
      assertThat(listPartitions(c))
          .containsExactlyElementsOf(
              before.stream().filter(p -> !endingByCutoff.contains(p.name())).toList());
      assertThat(queryStrings(c, "SELECT run_id FROM continuum_events ORDER BY run_id"))
          .containsExactly("run-2031-03", "run-2031-04", "run-default");

      List<String> rest =
          queryStrings(c, "SELECT * FROM continuum_drop_partitions_before('2100-01-01T00:00:00Z')");

      assertThat(rest).contains("continuum_events_2031_03", "continuum_events_2031_04");
      assertThat(listPartitions(c)).extracting(Partition::name).containsExactly(DEFAULT);
      assertThat(queryStrings(c, "SELECT run_id FROM continuum_events"))
          .containsExactly("run-default");
    }
  }

  @Test
  void aJournalStartsWhenEventsOfTheCurrentMonthAlreadySitInTheDefaultPartition()
      throws SQLException {
    // Nodes that ran past the last month created at their start record into the default partition.
    moveDatabaseClockTo(Instant.parse("2031-05-15T12:00:00Z"));
    try (Connection c = connect("UTC")) {
      queryString(
          c,
          "INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)"
              + " VALUES ('run-1', 1, 'run_started', '\\x00'::bytea, continuum_now()) RETURNING run_id");
      assertThat(partitionOf(c, "run-1")).isEqualTo(DEFAULT);
    }

    join(join(PgJournal.create(vertx, db, OPTIONS)).close());

    try (Connection c = connect("UTC")) {
      assertThat(queryStrings(c, "SELECT run_id FROM continuum_events")).containsExactly("run-1");
    }
  }

  private static String name(YearMonth month) {
    return String.format("continuum_events_%04d_%02d", month.getYear(), month.getMonthValue());
  }

  private static Instant utcStart(YearMonth month) {
    return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** Replaces continuum_now() so that the database clock reads (about) {@code target}. */
  private void moveDatabaseClockTo(Instant target) {
    PgTestDatabase.shared().setClockSkew(db, Duration.between(databaseNow(db), target));
  }

  private static Instant databaseNow(PgConnectOptions database) {
    try (Connection c = PgTestDatabase.shared().connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT now()")) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class).toInstant();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> monthlyPartitionNames(PgConnectOptions database) {
    try (Connection c = PgTestDatabase.shared().connect(database)) {
      return listPartitions(c).stream()
          .map(Partition::name)
          .filter(n -> !n.equals(DEFAULT))
          .toList();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A connection to this test's database whose session time zone is {@code zone}. */
  private Connection connect(String zone) throws SQLException {
    Connection c = PgTestDatabase.shared().connect(db);
    try (Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE '" + zone + "'");
    }
    return c;
  }

  private static List<Partition> listPartitions(Connection c) throws SQLException {
    List<Partition> partitions = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT partition_name, range_start, range_end FROM continuum_list_partitions()")) {
      while (rs.next()) {
        partitions.add(new Partition(rs.getString(1), instant(rs, 2), instant(rs, 3)));
      }
    }
    return partitions;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static void insertEvent(Connection c, String runId, String recordedAt)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)"
                + " VALUES (?, 1, 'run_started', '\\x00'::bytea, ?::timestamptz)")) {
      ps.setString(1, runId);
      ps.setString(2, recordedAt);
      ps.executeUpdate();
    }
  }

  /** The partition that holds the event of {@code runId}. */
  private static String partitionOf(Connection c, String runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT tableoid::regclass::text FROM continuum_events WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("an event of %s", runId).isTrue();
        return rs.getString(1);
      }
    }
  }

  private static String queryString(Connection c, String sql) throws SQLException {
    List<String> values = queryStrings(c, sql);
    assertThat(values).as(sql).hasSize(1);
    return values.get(0);
  }

  private static List<String> queryStrings(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
