package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.pg.Migrator;
import io.continuum.pg.testing.PgTestDatabase;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code continuum migrate} and {@code continuum partitions} against fresh databases. */
class MigrateAndPartitionsTest {
  private static final PgTestDatabase PG = PgTestDatabase.shared();

  @Test
  void migratePrintsWhatItAppliesAndThenNothing() {
    String url = TestDatabases.url(PG.newEmptyDatabase());

    var first = CliRunner.run(Map.of(), "migrate", "--pg-url", url);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.lines())
        .containsExactly(
            "applied: V001__journal.sql",
            "applied: V002__run_queries.sql",
            "applied: V003__chains.sql",
            "applied: V004__children.sql",
            "applied: V005__secrets.sql",
            "applied: V006__run_keys.sql",
            "applied: V007__activity_heartbeats.sql",
            "applied: V008__run_deadlines.sql",
            "applied: V009__updates.sql",
            "applied: V010__lease_chunks.sql",
            "schema version: " + Migrator.LATEST);

    var second = CliRunner.run(Map.of("CONTINUUM_PG_URL", url), "migrate");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.lines())
        .containsExactly("schema is up to date", "schema version: " + Migrator.LATEST);
  }

  @Test
  void migrateWithoutAUsableUrlIsAUsageError() {
    var none = CliRunner.run(Map.of(), "migrate");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err())
        .isEqualTo("error: give the database with --pg-url URL (or CONTINUUM_PG_URL)\n");

    var bad = CliRunner.run(Map.of(), "migrate", "--pg-url", "mysql://x@y/z");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).startsWith("error: --pg-url must look like postgresql://");
  }

  @Test
  void migrateReportsAnUnreachableDatabaseOnOneLine() {
    var down =
        CliRunner.run(Map.of(), "migrate", "--pg-url", "postgresql://u:secret@127.0.0.1:1/db");
    assertThat(down.exitCode()).isEqualTo(1);
    assertThat(down.err())
        .startsWith("error: migrate: Connection refused")
        .doesNotContain("secret")
        .hasLineCount(1);
  }

  @Test
  void partitionsListCreateAndDropWithADryRunFirst() {
    String url = TestDatabases.url(PG.newDatabase());
    String thisMonth =
        "continuum_events_"
            + LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7).replace('-', '_');

    var list = CliRunner.run(Map.of(), "partitions", "list", "--pg-url", url);
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.lines().get(0)).startsWith("PARTITION");
    assertThat(list.out()).contains(thisMonth).contains("continuum_events_default");

    var create =
        CliRunner.run(Map.of(), "partitions", "create", "--month", "2001-01", "--pg-url", url);
    assertThat(create.exitCode()).as(create.err()).isZero();
    assertThat(create.lines())
        .containsExactly("created: continuum_events_2001_01 [2001-01-01, 2001-02-01)");
    var again =
        CliRunner.run(Map.of(), "partitions", "create", "--month", "2001-01", "--pg-url", url);
    assertThat(again.lines())
        .containsExactly("exists: continuum_events_2001_01 [2001-01-01, 2001-02-01)");

    var dryRun =
        CliRunner.run(Map.of(), "partitions", "drop", "--before", "2001-02-01", "--pg-url", url);
    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
    assertThat(dryRun.lines())
        .containsExactly(
            "would drop: continuum_events_2001_01 [2001-01-01T00:00:00Z, 2001-02-01T00:00:00Z)",
            "dry run: 1 partition(s) end on or before 2001-02-01; add --execute to drop them");
    assertThat(CliRunner.run(Map.of(), "partitions", "list", "--pg-url", url).out())
        .contains("continuum_events_2001_01");

    var drop =
        CliRunner.run(
            Map.of(), "partitions", "drop", "--before", "2001-02-01", "--execute", "--pg-url", url);
    assertThat(drop.exitCode()).as(drop.err()).isZero();
    assertThat(drop.lines())
        .containsExactly("dropped: continuum_events_2001_01", "dropped 1 partition(s)");
    assertThat(CliRunner.run(Map.of(), "partitions", "list", "--pg-url", url).out())
        .doesNotContain("continuum_events_2001_01")
        .contains(thisMonth);
  }

  /** Issue 13, item 11: a partition nobody analyzed yet shows its rows, not "?". */
  @Test
  void partitionsListShowsTheRowsOfAPartitionNeverAnalyzed() {
    var db = PG.newDatabase();
    String url = TestDatabases.url(db);
    String thisMonth =
        "continuum_events_"
            + LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7).replace('-', '_');
    PG.execute(
        db,
        "INSERT INTO continuum_events (run_id, seq, type, data, recorded_at)"
            + " SELECT 'r', g, 'value_recorded', '\\x7b7d', now()"
            + " FROM generate_series(1, 7) g");

    String row =
        CliRunner.run(Map.of(), "partitions", "list", "--pg-url", url).lines().stream()
            .filter(l -> l.startsWith(thisMonth))
            .findFirst()
            .orElseThrow();
    assertThat(row.trim()).endsWith(" 7");
  }

  @Test
  void partitionsOfLiveRunsAreNeverDropped() {
    String url = TestDatabases.url(PG.newDatabase());
    var drop =
        CliRunner.run(
            Map.of(), "partitions", "drop", "--before", "2999-01-01", "--execute", "--pg-url", url);
    assertThat(drop.exitCode()).isEqualTo(2);
    assertThat(drop.err())
        .startsWith("error: --before 2999-01-01 is after ")
        .contains("the start of this month (UTC)");
    assertThat(CliRunner.run(Map.of(), "partitions", "list", "--pg-url", url).out())
        .contains(
            "continuum_events_"
                + LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7).replace('-', '_'));

    var badDate =
        CliRunner.run(Map.of(), "partitions", "drop", "--before", "2026-13-01", "--pg-url", url);
    assertThat(badDate.exitCode()).isEqualTo(2);
    assertThat(badDate.err())
        .isEqualTo(
            "error: Invalid value for option '--before': '2026-13-01' is not a date (YYYY-MM-DD)"
                + " (see 'continuum partitions drop --help')\n");
  }

  @Test
  void partitionsOnAnUnmigratedDatabaseSayWhatToDo() {
    String url = TestDatabases.url(PG.newEmptyDatabase());
    var list = CliRunner.run(Map.of(), "partitions", "list", "--pg-url", url);
    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.err())
        .isEqualTo("error: the database has no Continuum schema: run 'continuum migrate' first\n");
  }
}
