package io.continuum.server;

import io.continuum.ReplayDriftError;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code check-replay} reports: a line per run as it is checked (with {@code --json}, one
 * document at the end instead), a summary, and the exit code: 1 when a run drifts or fails on the
 * code, else 0.
 *
 * <pre>{@code
 * var report = new ReplayReport(console.out(), json, header);
 * report.run("co-1", "suspended", hash, verdict, null);
 * return report.finish();
 * }</pre>
 */
final class ReplayReport {
  /** What was checked against what. */
  record Header(
      String workflow, String version, String versionClass, boolean allRuns, Integer sample) {}

  /** One run in the JSON document. */
  record Run(
      String runId,
      String state,
      String version,
      String result,
      Integer seq,
      String expected,
      String actual,
      String reason,
      String migration,
      String migrationReason) {}

  /** The JSON document. */
  record Document(
      Header checked,
      List<Run> runs,
      int replayed,
      int clean,
      int drifted,
      int failed,
      Integer migrated,
      Integer skipped,
      List<String> notes) {}

  private final PrintWriter out;
  private final boolean json;
  private final boolean migrate;
  private final Header header;
  private final List<Run> runs = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private int replayed;
  private int clean;
  private int drifted;
  private int failed;
  private int migrated;
  private int skipped;
  private int parkedClean;

  ReplayReport(PrintWriter out, boolean json, boolean migrate, Header header) {
    this.out = out;
    this.json = json;
    this.migrate = migrate;
    this.header = header;
    if (!json) {
      out.println(
          "checking "
              + header.workflow()
              + " against "
              + header.versionClass()
              + " (version "
              + WorkflowCode.label(header.version())
              + "): "
              + (header.allRuns() ? "all open runs" : "open runs not on this version")
              + ", newest first"
              + (header.sample() == null ? "" : ", at most " + header.sample()));
    }
  }

  /** Reports one run: its replay verdict and, with {@code --migrate}, what became of it. */
  void run(
      String runId,
      String state,
      String version,
      HistoryReplay.Verdict verdict,
      RunMigration.Outcome migration) {
    replayed++;
    boolean recheck = migration != null && migration.recheck() != null;
    HistoryReplay.Verdict v = recheck ? migration.recheck() : verdict;
    String result =
        switch (v.kind()) {
          case CLEAN -> "ok";
          case DRIFT -> "drift";
          case FAILED -> "failed";
        };
    switch (v.kind()) {
      case CLEAN -> clean++;
      case DRIFT -> drifted++;
      case FAILED -> failed++;
    }
    boolean parked = "drifted".equals(state);
    String migrationResult = null;
    String migrationReason = null;
    if (migration != null && !recheck) {
      switch (migration.kind()) {
        case MIGRATED, UNPARKED -> {
          migrated++;
          migrationResult = "migrated";
        }
        default -> {
          skipped++;
          migrationResult = "skipped";
          migrationReason = migration.reason();
        }
      }
    }
    if (v.kind() == HistoryReplay.Verdict.Kind.CLEAN && parked && !migrate) {
      parkedClean++;
    }
    ReplayDriftError drift = v.drift();
    if (json) {
      runs.add(
          new Run(
              runId,
              state,
              version,
              result,
              drift == null ? null : drift.seq(),
              drift == null ? null : drift.expected(),
              drift == null ? null : drift.actual(),
              recheck ? "on re-check: " + reasonOf(v) : v.reason(),
              migrationResult,
              migrationReason));
      return;
    }
    String line =
        switch (v.kind()) {
          case CLEAN -> "ok " + runId + (parked ? " (parked as drifted; it replays now)" : "");
          case DRIFT ->
              "drift "
                  + runId
                  + " at seq "
                  + drift.seq()
                  + ": expected "
                  + drift.expected()
                  + ", got "
                  + drift.actual();
          case FAILED -> "failed " + runId + ": " + v.reason();
        };
    out.println(line + (recheck ? " (on re-check: it moved on since)" : ""));
    if (migrationResult != null) {
      out.println(
          migrationResult
              + " "
              + runId
              + (migrationReason != null ? ": " + migrationReason : "")
              + (migration.kind() == RunMigration.Outcome.Kind.UNPARKED
                  ? " (no longer parked: it resumes on a node with this version)"
                  : ""));
    }
    out.flush();
  }

  /** Adds a note for the end of the report. */
  void note(String note) {
    notes.add(note);
  }

  /** Prints the summary (or the document) and returns the exit code. */
  int finish() {
    if (parkedClean > 0) {
      notes.add(
          parkedClean
              + " run(s) parked as drifted replay cleanly on this version: --migrate moves them"
              + " to it and resumes them");
    }
    if (json) {
      JsonDocument.print(
          out,
          new Document(
              header,
              runs,
              replayed,
              clean,
              drifted,
              failed,
              migrate ? migrated : null,
              migrate ? skipped : null,
              notes));
    } else {
      out.println(
          "replayed "
              + replayed
              + (replayed == 1 ? " run: " : " runs: ")
              + clean
              + " clean, "
              + drifted
              + " drifted"
              + (failed > 0 ? ", " + failed + " failed" : "")
              + (migrate ? "; migrated " + migrated + ", skipped " + skipped : ""));
      notes.forEach(n -> out.println("note: " + n));
    }
    out.flush();
    return drifted + failed > 0 ? Cli.FAILURE : 0;
  }

  private static String reasonOf(HistoryReplay.Verdict v) {
    return v.drift() != null ? "drift" : v.reason();
  }
}
