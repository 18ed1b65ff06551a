package io.continuum.server;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code continuum partitions list|create|drop}: the monthly partitions of the history table. */
@Command(
    name = "partitions",
    header = "List, create and drop the monthly history partitions.",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description =
        "Manages the monthly (UTC) partitions of continuum_events, the runs' history. Nodes "
            + "create the current and next two months themselves; drop old months to reclaim"
            + " space.")
final class PartitionsCommand implements Callable<Integer> {
  private static final Duration TIMEOUT = Duration.ofMinutes(30);
  // The planner's estimate is -1 until a partition is first analyzed; the statistics system's
  // live-row count follows inserts and deletes within a second.
  private static final String PARTITIONS =
      "SELECT p.partition_name, p.range_start, p.range_end,"
          + " COALESCE(s.n_live_tup, NULLIF(p.row_estimate, -1), -1) AS row_estimate"
          + " FROM continuum_list_partitions() p"
          + " LEFT JOIN pg_stat_user_tables s ON s.relname = p.partition_name";
  private static final String LIST = PARTITIONS + " ORDER BY p.range_start NULLS LAST";

  // The first day of the database's current month, in UTC: nothing from there on may be dropped.
  private static final String THIS_MONTH =
      "SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date";

  private final Console console;

  @Spec CommandSpec spec;

  PartitionsCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "choose a subcommand: list, create or drop");
  }

  @Command(
      name = "list",
      header = "List the history partitions.",
      mixinStandardHelpOptions = true,
      versionProvider = ContinuumCommand.Version.class,
      description = "Lists the partitions with their ranges and estimated row counts.")
  int list(@Mixin PgUrlOption pg) {
    List<Row> rows =
        AdminSession.withConnection(
            pg.connect(console),
            conn -> conn.query(LIST).execute().map(PartitionsCommand::rows),
            TIMEOUT,
            "partitions");
    var out = console.out();
    out.printf("%-26s %-22s %-22s %s%n", "PARTITION", "FROM", "TO", "ROWS(EST)");
    for (Row row : rows) {
      long estimate = row.getLong("row_estimate");
      out.printf(
          "%-26s %-22s %-22s %s%n",
          row.getString("partition_name"),
          instant(row.getOffsetDateTime("range_start")),
          instant(row.getOffsetDateTime("range_end")),
          estimate < 0 ? "?" : Long.toString(estimate));
    }
    return 0;
  }

  @Command(
      name = "create",
      header = "Create the history partition of one month.",
      mixinStandardHelpOptions = true,
      versionProvider = ContinuumCommand.Version.class,
      description =
          "Creates the partition of one month (history already recorded for that month moves "
              + "into it from the default partition).")
  int create(
      @Mixin PgUrlOption pg,
      @Option(
              names = "--month",
              required = true,
              paramLabel = "YYYY-MM",
              description = "The month.")
          YearMonth month) {
    LocalDate first = month.atDay(1);
    boolean existed =
        AdminSession.withConnection(
            pg.connect(console),
            conn ->
                conn.preparedQuery(
                        "SELECT to_regclass('continuum_events_' || to_char($1::date, 'YYYY_MM'))"
                            + " IS NOT NULL AS existed")
                    .execute(Tuple.of(first))
                    .compose(
                        r -> {
                          boolean e = r.iterator().next().getBoolean("existed");
                          return conn.preparedQuery("SELECT continuum_create_partition($1)")
                              .execute(Tuple.of(first))
                              .map(x -> e);
                        }),
            TIMEOUT,
            "partitions");
    String name = "continuum_events_" + month.toString().replace('-', '_');
    console
        .out()
        .println(
            (existed ? "exists: " : "created: ")
                + name
                + " ["
                + first
                + ", "
                + month.plusMonths(1).atDay(1)
                + ")");
    return 0;
  }

  @Command(
      name = "drop",
      header = "Drop old history partitions (a dry run without --execute).",
      mixinStandardHelpOptions = true,
      versionProvider = ContinuumCommand.Version.class,
      description =
          "Drops the monthly partitions that end on or before a date, which may not be later "
              + "than the first day of the current month (UTC): the history they hold is gone for "
              + "good. Without --execute, only prints what would be dropped.")
  int drop(
      @Mixin PgUrlOption pg,
      @Option(
              names = "--before",
              required = true,
              paramLabel = "YYYY-MM-DD",
              description = "Drop partitions whose range ends on or before this date (UTC).")
          LocalDate before,
      @Option(names = "--execute", description = "Really drop them (default: a dry run).")
          boolean execute) {
    OffsetDateTime cutoff = before.atStartOfDay().atOffset(ZoneOffset.UTC);
    String sql =
        execute
            ? "SELECT continuum_drop_partitions_before($1) AS partition_name"
            : PARTITIONS + " WHERE p.range_end IS NOT NULL AND p.range_end <= $1 ORDER BY 2";
    List<Row> rows =
        AdminSession.withConnection(
            pg.connect(console),
            conn ->
                conn.query(THIS_MONTH)
                    .execute()
                    .compose(
                        r -> {
                          LocalDate thisMonth = r.iterator().next().getLocalDate(0);
                          if (before.isAfter(thisMonth)) {
                            return Future.failedFuture(
                                new ConfigException(
                                    "--before "
                                        + before
                                        + " is after "
                                        + thisMonth
                                        + ", the start of this month (UTC): this month's and"
                                        + " later partitions hold the history of live runs"));
                          }
                          return conn.preparedQuery(sql).execute(Tuple.of(cutoff));
                        })
                    .map(PartitionsCommand::rows),
            TIMEOUT,
            "partitions");
    var out = console.out();
    for (Row row : rows) {
      out.println(
          execute
              ? "dropped: " + row.getString("partition_name")
              : "would drop: "
                  + row.getString("partition_name")
                  + " ["
                  + instant(row.getOffsetDateTime("range_start"))
                  + ", "
                  + instant(row.getOffsetDateTime("range_end"))
                  + ")");
    }
    out.println(
        execute
            ? "dropped " + rows.size() + " partition(s)"
            : "dry run: "
                + rows.size()
                + " partition(s) end on or before "
                + before
                + "; add --execute to drop them");
    return 0;
  }

  private static List<Row> rows(Iterable<Row> rows) {
    var all = new ArrayList<Row>();
    rows.forEach(all::add);
    return all;
  }

  private static String instant(OffsetDateTime t) {
    return t == null ? "-" : t.toInstant().toString();
  }
}
