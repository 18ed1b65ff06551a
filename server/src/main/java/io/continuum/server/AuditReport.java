package io.continuum.server;

import java.io.PrintWriter;
import java.util.List;

/**
 * What {@code continuum audit} found: the versions each node has loaded, the open runs per version,
 * the runs waiting for a version no node has loaded, and the patch markers of open runs with a
 * verdict each. Printed as text or, with {@code --json}, as this record.
 *
 * <pre>{@code
 * AuditReport report = AuditCommand.collect(db, 100_000);
 * report.print(console.out());
 * }</pre>
 *
 * @param loadedVersions each node's versions (continuum_workflow_versions)
 * @param openRuns open runs per workflow type and version
 * @param runsWaitingForUnknownVersion how many open runs need a version no node has loaded
 * @param patchScan how far the patch marker scan went
 * @param patchMarkers per workflow type and change id, the open runs with and without its marker
 */
record AuditReport(
    List<Loaded> loadedVersions,
    List<VersionRuns> openRuns,
    long runsWaitingForUnknownVersion,
    PatchScan patchScan,
    List<Marker> patchMarkers) {

  /** A version a node has loaded. */
  record Loaded(
      String node, String workflow, String version, String className, String registeredAt) {}

  /** The open runs of one version; {@code loadedBy} empty means no node can run them. */
  record VersionRuns(
      String workflow,
      String version,
      long runs,
      long drifted,
      List<String> loadedBy,
      boolean unknownVersion,
      List<String> newestRuns) {}

  /** How much of the open runs' history the patch marker counts cover. */
  record PatchScan(long openRuns, long scannedRuns, boolean complete, long unreadableEvents) {}

  /** A change id of a workflow type: how many open runs carry its marker, and the verdict. */
  record Marker(
      String workflow, String changeId, long withMarker, long withoutMarker, String verdict) {}

  static final String DEPRECATABLE = "deprecatable";
  static final String IN_USE = "in use";

  /** Prints the report as text. */
  void print(PrintWriter out) {
    out.println("loaded versions");
    var loaded = new Table("NODE", "WORKFLOW", "VERSION", "CLASS", "REGISTERED");
    for (Loaded v : loadedVersions) {
      loaded.row(
          v.node(), v.workflow(), WorkflowCode.label(v.version()), v.className(), v.registeredAt());
    }
    print(out, loaded);
    out.println("open runs per version");
    var runs = new Table("WORKFLOW", "VERSION", "RUNS", "DRIFTED", "LOADED BY");
    for (VersionRuns v : openRuns) {
      runs.row(
          v.workflow(),
          WorkflowCode.label(v.version()),
          v.runs(),
          v.drifted(),
          v.unknownVersion() ? "no node (unknown version)" : String.join(", ", v.loadedBy()));
    }
    print(out, runs);
    out.println("runs waiting for an unknown version: " + runsWaitingForUnknownVersion);
    for (VersionRuns v : openRuns) {
      if (v.unknownVersion()) {
        out.println(
            "  "
                + v.workflow()
                + "@"
                + (v.version() == null ? "(unversioned)" : v.version())
                + ": "
                + v.runs()
                + (v.runs() == 1 ? " run" : " runs")
                + ", newest "
                + String.join(", ", v.newestRuns()));
      }
    }
    out.println(
        "patch markers in open runs (scanned "
            + patchScan.scannedRuns()
            + " of "
            + patchScan.openRuns()
            + " open runs"
            + (patchScan.unreadableEvents() > 0
                ? "; " + patchScan.unreadableEvents() + " events could not be decoded"
                : "")
            + ")");
    var markers = new Table("WORKFLOW", "CHANGE", "WITH", "WITHOUT", "VERDICT");
    for (Marker m : patchMarkers) {
      markers.row(m.workflow(), m.changeId(), m.withMarker(), m.withoutMarker(), m.verdict());
    }
    print(out, markers);
    if (!patchMarkers.isEmpty()) {
      out.println(
          "  conservative: 'deprecatable' when every open run of the type carries the marker (no"
              + " run can take the old branch);");
      out.println(
          "  'in use' when some do not, though they may only not have reached the patch yet");
    }
  }

  private static void print(PrintWriter out, Table table) {
    if (table.isEmpty()) {
      out.println("  (none)");
    } else {
      table.print(out);
    }
  }
}
