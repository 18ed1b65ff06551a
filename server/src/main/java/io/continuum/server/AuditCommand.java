package io.continuum.server;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code continuum audit}: which workflow versions the nodes run, which versions open runs need,
 * and which patch markers could be retired.
 *
 * <pre>{@code
 * continuum audit --pg-url postgresql://... --strict     # exit 1: a run waits for unknown code
 * continuum audit --json | jq '.patchMarkers'
 * }</pre>
 */
@Command(
    name = "audit",
    header = "Report loaded versions, runs per version, unknown versions and patch markers.",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description = {
      "Reports the workflow versions each node has loaded (continuum_workflow_versions), the"
          + " open runs per workflow type and version, the open runs waiting for a version no"
          + " node has loaded (a run without a version counts as known when a node has its"
          + " type), and the patch markers (ctx.patched) in open runs' histories.",
      "",
      "A change id is 'deprecatable' when every open run of its type carries its marker: no run"
          + " can take the old branch, so deprecatePatch is safe. Else it is 'in use': a"
          + " conservative verdict, as a run without the marker may only not have reached the"
          + " patch yet."
    },
    footer = {"", "Exit codes: 0 ok (with --strict: no run waits), 1 failure, 2 usage error"})
final class AuditCommand implements Callable<Integer> {
  private static final String LOADED =
      """
      SELECT node, workflow_type, version_hash, class_name, registered_at
      FROM continuum_workflow_versions ORDER BY node, workflow_type, registered_at
      """;

  private static final String OPEN_RUNS =
      """
      SELECT r.workflow_type, r.version_hash, count(*) AS runs,
             count(*) FILTER (WHERE r.state = 'drifted') AS drifted,
             (array_agg(r.id ORDER BY r.created_at DESC, r.id DESC))[1:3] AS newest,
             ARRAY(SELECT DISTINCT v.node FROM continuum_workflow_versions v
                   WHERE v.workflow_type = r.workflow_type
                     AND (r.version_hash IS NULL OR v.version_hash = r.version_hash)
                   ORDER BY 1) AS loaded_by
      FROM continuum_runs r WHERE r.state NOT IN %s
      GROUP BY r.workflow_type, r.version_hash
      ORDER BY 1, 2 NULLS FIRST
      """
          .formatted(PgSession.TERMINAL);

  private final Console console;

  @Spec CommandSpec spec;

  @Mixin PgUrlOption pg;

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Option(names = "--strict", description = "Exit with 1 when a run waits for an unknown version.")
  boolean strict;

  @Option(
      names = "--scan-limit",
      paramLabel = "N",
      description =
          "Scan the histories of at most N open runs for patch markers (default: 100000).")
  long scanLimit = 100_000;

  AuditCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    if (scanLimit < 0) {
      throw new ParameterException(spec.commandLine(), "--scan-limit must not be negative");
    }
    AuditReport report;
    try (var db = PgSession.open(pg.connect(console), "audit")) {
      report = collect(db, scanLimit);
    }
    if (json) {
      JsonDocument.print(console.out(), report);
    } else {
      report.print(console.out());
    }
    console.out().flush();
    return strict && report.runsWaitingForUnknownVersion() > 0 ? Cli.FAILURE : 0;
  }

  /** Reads everything the audit reports. */
  static AuditReport collect(PgSession db, long scanLimit) {
    var loaded = new ArrayList<AuditReport.Loaded>();
    for (Row r : db.query(LOADED, Tuple.tuple())) {
      loaded.add(
          new AuditReport.Loaded(
              r.getString("node"),
              r.getString("workflow_type"),
              r.getString("version_hash"),
              r.getString("class_name"),
              r.getOffsetDateTime("registered_at").toInstant().toString()));
    }
    var runs = new ArrayList<AuditReport.VersionRuns>();
    Map<String, Long> openByType = new TreeMap<>();
    long unknown = 0;
    for (Row r : db.query(OPEN_RUNS, Tuple.tuple())) {
      List<String> loadedBy = Arrays.asList(r.getArrayOfStrings("loaded_by"));
      var v =
          new AuditReport.VersionRuns(
              r.getString("workflow_type"),
              r.getString("version_hash"),
              r.getLong("runs"),
              r.getLong("drifted"),
              loadedBy,
              loadedBy.isEmpty(),
              Arrays.asList(r.getArrayOfStrings("newest")));
      runs.add(v);
      openByType.merge(v.workflow(), v.runs(), Long::sum);
      unknown += v.unknownVersion() ? v.runs() : 0;
    }
    PatchMarkerScan scan = PatchMarkerScan.run(db, scanLimit);
    var markers = new ArrayList<AuditReport.Marker>();
    scan.carriers()
        .forEach(
            (type, changes) ->
                changes.forEach(
                    (change, with) -> {
                      long without = Math.max(0, openByType.getOrDefault(type, 0L) - with);
                      markers.add(
                          new AuditReport.Marker(
                              type,
                              change,
                              with,
                              without,
                              without == 0 ? AuditReport.DEPRECATABLE : AuditReport.IN_USE));
                    }));
    long open = openByType.values().stream().mapToLong(Long::longValue).sum();
    return new AuditReport(
        loaded,
        runs,
        unknown,
        new AuditReport.PatchScan(
            open, scan.scannedRuns(), scan.complete(), scan.unreadableEvents()),
        markers);
  }
}
