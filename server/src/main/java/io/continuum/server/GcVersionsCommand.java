package io.continuum.server;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code continuum gc-versions}: deletes the rows of continuum_workflow_versions no open run needs
 * and no node starts new runs on; a dry run unless {@code --execute}.
 *
 * <pre>{@code
 * continuum gc-versions --pg-url postgresql://...            # prints: would delete TYPE@HASH (node N)
 * continuum gc-versions --pg-url postgresql://... --execute
 * }</pre>
 */
@Command(
    name = "gc-versions",
    header = "Delete workflow versions no open run needs (a dry run without --execute).",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description = {
      "Deletes the garbage rows of continuum_workflow_versions, where each node records the"
          + " workflow versions it loaded when it started.",
      "",
      "The rule: a row (workflow type, version, node) is garbage when no open run is pinned to"
          + " its workflow type and version (open: any state but completed, failed, cancelled"
          + " and continued; drifted runs count) AND it is not the newest version its node"
          + " registered for that type (the latest registered_at). So a version pinned by an open"
          + " run is never deleted, and the version each node starts new runs on is always kept.",
      "",
      "The rows only tell operators what nodes have loaded: deleting one never stops a node"
          + " running that code, and a node records its versions again when it starts. Without"
          + " --execute, only prints what would be deleted."
    },
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error"})
final class GcVersionsCommand implements Callable<Integer> {
  private static final String RULE =
      """
      WITH pinned AS (
        SELECT DISTINCT workflow_type, version_hash FROM continuum_runs
        WHERE state NOT IN %s AND version_hash IS NOT NULL),
      newest AS (
        SELECT node, workflow_type, max(registered_at) AS at
        FROM continuum_workflow_versions GROUP BY node, workflow_type)
      """
          .formatted(PgSession.TERMINAL);

  private static final String CLASSIFY =
      RULE
          + """
          SELECT v.workflow_type, v.version_hash, v.node,
                 v.registered_at = n.at AS newest, p.version_hash IS NOT NULL AS pinned
          FROM continuum_workflow_versions v
          JOIN newest n ON n.node = v.node AND n.workflow_type = v.workflow_type
          LEFT JOIN pinned p
            ON p.workflow_type = v.workflow_type AND p.version_hash = v.version_hash
          ORDER BY v.workflow_type, v.node, v.registered_at
          """;

  // The rule again in the deleting statement itself: a run pinned since CLASSIFY keeps its row.
  private static final String DELETE =
      RULE
          + """
          DELETE FROM continuum_workflow_versions v USING newest n
          WHERE n.node = v.node AND n.workflow_type = v.workflow_type AND v.registered_at < n.at
            AND NOT EXISTS (SELECT 1 FROM pinned p
                            WHERE p.workflow_type = v.workflow_type
                              AND p.version_hash = v.version_hash)
          RETURNING v.workflow_type, v.version_hash, v.node
          """;

  private final Console console;

  @Mixin PgUrlOption pg;

  @Option(names = "--execute", description = "Really delete them (default: a dry run).")
  boolean execute;

  GcVersionsCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    List<Row> rows;
    List<Row> deleted = List.of();
    try (var db = PgSession.open(pg.connect(console), "gc-versions")) {
      rows = db.query(CLASSIFY, Tuple.tuple());
      if (execute) {
        deleted = db.query(DELETE, Tuple.tuple());
      }
    }
    PrintWriter out = console.out();
    int pinned = 0;
    int newest = 0;
    int garbage = 0;
    for (Row r : rows) {
      if (r.getBoolean("pinned")) {
        pinned++;
      } else if (r.getBoolean("newest")) {
        newest++;
      } else {
        garbage++;
        if (!execute) {
          out.println("would delete " + key(r) + " (node " + r.getString("node") + ")");
        }
      }
    }
    for (Row r : deleted) {
      out.println("deleted " + key(r) + " (node " + r.getString("node") + ")");
    }
    String kept =
        "kept "
            + (pinned + newest)
            + " ("
            + pinned
            + " pinned by open runs, "
            + newest
            + " newest of their node)";
    out.println(
        execute
            ? "deleted " + deleted.size() + " version row(s); " + kept
            : "dry run: "
                + garbage
                + " version row(s) are garbage; "
                + kept
                + "; add --execute to delete them");
    out.flush();
    return 0;
  }

  private static String key(Row r) {
    return r.getString("workflow_type") + "@" + r.getString("version_hash");
  }
}
