package io.continuum.server;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code continuum archive-chains}: deletes the finished non-tip runs of continue-as-new chains
 * (runs in the state {@code continued}) that ended longer ago than {@code --older-than}, with their
 * events, signals, timers, activity tasks and snapshots; a dry run unless {@code --execute}.
 *
 * <pre>{@code
 * continuum archive-chains --pg-url postgresql://... --older-than 30d            # would delete ...
 * continuum archive-chains --pg-url postgresql://... --older-than 30d --execute
 * }</pre>
 */
@Command(
    name = "archive-chains",
    header = "Delete old continued runs of continue-as-new chains (a dry run without --execute).",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description = {
      "Deletes the runs in the state continued (each one a finished run of a continue-as-new"
          + " chain that is not its tip) whose last change is older than --older-than, and their"
          + " rows: events, signals, timers, activity tasks and snapshots. The live tip of a chain"
          + " and every run in another state are kept.",
      "",
      "Signals, cancels and reads addressed to a deleted run id no longer reach the chain; address"
          + " its tip. Without --execute, only prints what would be deleted."
    },
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error"})
final class ArchiveChainsCommand implements Callable<Integer> {
  private static final String OLD =
      "SELECT id, COALESCE(correlation_id, id) AS chain, created_at FROM continuum_runs"
          + " WHERE state = 'continued'"
          + " AND updated_at < continuum_now() - $1 * interval '1 second'";

  private static final String LIST = OLD + " ORDER BY chain, created_at, id";

  private static final String DELETE =
      """
      WITH v AS (%s FOR UPDATE),
      e AS (DELETE FROM continuum_events WHERE run_id IN (SELECT id FROM v)),
      s AS (DELETE FROM continuum_signals WHERE run_id IN (SELECT id FROM v)),
      t AS (DELETE FROM continuum_timers WHERE run_id IN (SELECT id FROM v)),
      k AS (DELETE FROM continuum_activity_tasks WHERE run_id IN (SELECT id FROM v)),
      n AS (DELETE FROM continuum_snapshots WHERE run_id IN (SELECT id FROM v)),
      d AS (DELETE FROM continuum_runs WHERE id IN (SELECT id FROM v) RETURNING id)
      SELECT v.id, v.chain FROM v JOIN d ON d.id = v.id ORDER BY v.chain, v.created_at, v.id
      """
          .formatted(OLD);

  private final Console console;

  @Mixin PgUrlOption pg;

  @Option(
      names = "--older-than",
      required = true,
      paramLabel = "AGE",
      converter = AgeConverter.class,
      description = "Only runs that continued longer ago than this: 30d, 12h, 90m or ISO-8601.")
  Duration olderThan;

  @Option(names = "--execute", description = "Really delete them (default: a dry run).")
  boolean execute;

  ArchiveChainsCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    List<Row> rows;
    try (var db = PgSession.open(pg.connect(console), "archive-chains")) {
      rows = db.query(execute ? DELETE : LIST, Tuple.of(olderThan.toSeconds()));
    }
    PrintWriter out = console.out();
    for (Row r : rows) {
      out.println(
          (execute ? "deleted " : "would delete ")
              + r.getString("id")
              + " (chain "
              + r.getString("chain")
              + ")");
    }
    out.println(
        execute
            ? "deleted " + rows.size() + " continued run(s)"
            : "dry run: "
                + rows.size()
                + " continued run(s) to delete; add --execute to delete them");
    out.flush();
    return 0;
  }

  /** Parses {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s} or an ISO-8601 duration. */
  static final class AgeConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d;
      try {
        d = Durations.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not an age: use 30d, 12h, 90m, 45s or ISO-8601 (P30D, PT12H)");
      }
      if (d.isNegative()) {
        throw new picocli.CommandLine.TypeConversionException("the age must not be negative");
      }
      return d;
    }
  }
}
