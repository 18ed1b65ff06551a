package io.continuum.server;

import io.continuum.core.replay.WorkflowDefinition;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code continuum check-replay}: the deploy gate. Replays open runs' histories against the code on
 * the classpath and reports which would drift; with {@code --migrate}, moves the clean ones onto
 * the newest version.
 *
 * <pre>{@code
 * java -cp continuum-server.jar:app.jar io.continuum.server.Main check-replay \
 *     --pg-url postgresql://... --workflow orders.checkout \
 *     --class com.acme.CheckoutV1 --class com.acme.CheckoutV2 --migrate
 * }</pre>
 */
@Command(
    name = "check-replay",
    header = "Replay open runs against new workflow code; report drift, optionally migrate.",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description = {
      "Replays the histories of open runs of a workflow type (newest first) against the newest"
          + " version of its code, from the start and without executing anything: new effects"
          + " past the end of a history are fine, a recorded command the code no longer issues"
          + " is drift. Prints 'ok RUN' or 'drift RUN at seq S: expected ..., got ...' per run"
          + " and exits with 1 when any run drifts (or fails on the code), for CI pipelines.",
      "",
      "The code: the classes named with --class (several for one type are its versions, the"
          + " last the newest), loaded from the classpath (java -cp continuum-server.jar:app.jar"
          + " io.continuum.server.Main check-replay ...), else the example workflows.",
      "",
      "--migrate moves each run that replays cleanly onto the newest version, under a lease of"
          + " its own taken only when the run's lease is free or expired; runs leased by a live"
          + " node are skipped, drifted ones stay on their version. A run parked as drifted that"
          + " replays is resumed."
    },
    footer = {"", "Exit codes: 0 no drift, 1 drift or failure, 2 usage error"})
final class CheckReplayCommand implements Callable<Integer> {
  private static final int PAGE = 100;

  private static final String RUNS =
      """
      SELECT id, namespace, state, version_hash, last_seq, created_at FROM continuum_runs
      WHERE workflow_type = $1 AND state NOT IN %s
        AND ($2::text IS NULL OR version_hash IS DISTINCT FROM $2)
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
      ORDER BY created_at DESC, id DESC LIMIT $5
      """
          .formatted(PgSession.TERMINAL);

  private static final String LOADED =
      """
      SELECT EXISTS (SELECT 1 FROM continuum_workflow_versions
                     WHERE workflow_type = $1 AND version_hash = $2) AS loaded
      """;

  private final Console console;

  @Spec CommandSpec spec;

  @Mixin PgUrlOption pg;

  @Option(
      names = "--workflow",
      required = true,
      paramLabel = "TYPE",
      description = "The workflow type whose runs to replay.")
  String workflow;

  @Option(
      names = "--class",
      paramLabel = "FQCN",
      description = "A class of the type (repeat for several versions; the last is the newest).")
  List<String> classes = new ArrayList<>();

  @Option(
      names = "--sample",
      paramLabel = "N",
      description = "Replay at most N runs, the newest (default: all).")
  Integer sample;

  @Option(
      names = "--all",
      description = "Also replay runs already on the newest version (default: only the others).")
  boolean all;

  @Option(names = "--migrate", description = "Move the runs that replay cleanly to the newest.")
  boolean migrate;

  @Option(names = "--json", description = "Print one JSON document instead of lines.")
  boolean json;

  CheckReplayCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    if (sample != null && sample < 1) {
      throw new ParameterException(spec.commandLine(), "--sample must be at least 1");
    }
    WorkflowDefinition newest = WorkflowCode.resolve(workflow, classes).get(workflow);
    var connect = pg.connect(console);
    try (var db = PgSession.open(connect, "check-replay")) {
      var report =
          new ReplayReport(
              console.out(),
              json,
              migrate,
              new ReplayReport.Header(
                  workflow, newest.versionHash(), newest.workflowClass().getName(), all, sample));
      var replay = new HistoryReplay(db);
      var migration = new RunMigration(db, replay);
      Instant now = db.now();
      int left = sample == null ? Integer.MAX_VALUE : sample;
      OffsetDateTime afterAt = null;
      String afterId = null;
      while (left > 0) {
        List<Row> page =
            db.query(
                RUNS,
                Tuple.of(
                    workflow,
                    all ? null : newest.versionHash(),
                    afterAt,
                    afterId,
                    Math.min(PAGE, left)));
        for (Row run : page) {
          check(run, newest, replay, migration, now, report);
          afterAt = run.getOffsetDateTime("created_at");
          afterId = run.getString("id");
          left--;
        }
        if (page.size() < PAGE) {
          break;
        }
      }
      if (migrate && !loaded(db, newest)) {
        report.note(
            "no node has loaded version "
                + WorkflowCode.label(newest.versionHash())
                + " of "
                + workflow
                + " yet: migrated runs wait for a node that has it");
      }
      return report.finish();
    }
  }

  private void check(
      Row run,
      WorkflowDefinition newest,
      HistoryReplay replay,
      RunMigration migration,
      Instant now,
      ReplayReport report) {
    String id = run.getString("id");
    String state = run.getString("state");
    String version = run.getString("version_hash");
    HistoryReplay.Verdict verdict =
        replay.check(newest, id, run.getString("namespace"), run.getInteger("last_seq"), now);
    RunMigration.Outcome moved = null;
    boolean needsMove = !newest.versionHash().equals(version) || "drifted".equals(state);
    if (migrate && verdict.kind() == HistoryReplay.Verdict.Kind.CLEAN && needsMove) {
      moved = migration.migrate(newest, id, now);
    }
    report.run(id, state, version, verdict, moved);
  }

  private boolean loaded(PgSession db, WorkflowDefinition newest) {
    return db.query(LOADED, Tuple.of(workflow, newest.versionHash())).get(0).getBoolean("loaded");
  }
}
