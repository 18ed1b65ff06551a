package io.continuum.runtime.impl;

import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.Snapshot;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.journal.Resumption;
import io.continuum.journal.RunRecord;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a host needs to take a run over: its row and its history, from the newest snapshot and
 * the events after it when the snapshot is usable (same workflow type, code version and envelope
 * format, intact), else from the full history. In paranoid mode a used snapshot is checked against
 * the full history too, and the full history wins a disagreement.
 */
final class Resumptions {
  private static final System.Logger LOG = System.getLogger(Resumptions.class.getName());

  private final EngineRuntime rt;

  Resumptions(EngineRuntime rt) {
    this.rt = rt;
  }

  /**
   * A run's row and history ({@code history} empty when no code here can run it: it is not loaded
   * then), and the seq of the snapshot it was resumed from (0: none usable).
   */
  record Resumed(RunRecord run, List<HistoryEvent> history, int snapshotSeq) {}

  Future<Resumed> read(String runId) {
    return rt.journal.resume(runId).compose(this::assemble);
  }

  private Future<Resumed> assemble(Resumption r) {
    RunRecord run = r.run();
    if (r.snapshot() == null) {
      return Future.succeededFuture(new Resumed(run, r.tail(), 0));
    }
    WorkflowDefinition def = rt.workflows.find(run.workflowType(), run.versionHash());
    if (def == null || run.state().isTerminal()) {
      return Future.succeededFuture(new Resumed(run, List.of(), 0));
    }
    Snapshot.Read read =
        Snapshot.restore(
            r.snapshot().formatVersion(), r.snapshot().data(), def.type(), def.versionHash());
    if (read instanceof Snapshot.Restored restored && fits(restored.snapshot(), r)) {
      List<HistoryEvent> events = new ArrayList<>(run.lastSeq());
      events.addAll(restored.snapshot().events());
      events.addAll(r.tail());
      int seq = restored.snapshot().seq();
      return rt.options.paranoidSnapshots()
          ? checked(run, events, seq)
          : used(new Resumed(run, events, seq));
    }
    Snapshot.Rejected rejected =
        read instanceof Snapshot.Rejected j
            ? j
            : new Snapshot.Rejected(Snapshot.Reason.CORRUPT, "its tail does not follow it");
    rt.metrics.snapshotIgnored(rejected.reason());
    LOG.log(
        Level.INFO,
        "run {0}: ignoring its snapshot at seq {1} ({2}), reading its full history",
        run.runId(),
        r.snapshot().seq(),
        rejected.detail());
    return full(run);
  }

  // The journal returns the events after the snapshot's seq; they must carry on from it.
  private static boolean fits(Snapshot snapshot, Resumption r) {
    int next = snapshot.seq() + 1;
    return r.tail().isEmpty() ? snapshot.seq() == r.run().lastSeq() : r.tail().get(0).seq() == next;
  }

  private Future<Resumed> used(Resumed resumed) {
    rt.metrics.snapshotsUsed.increment();
    return Future.succeededFuture(resumed);
  }

  private Future<Resumed> full(RunRecord run) {
    // The run is leased to us, so nobody appends to its history between the two reads.
    return rt.journal.history(run.runId(), 0).map(events -> new Resumed(run, events, 0));
  }

  private Future<Resumed> checked(RunRecord run, List<HistoryEvent> fromSnapshot, int seq) {
    return full(run)
        .compose(
            full -> {
              int at = firstDifference(fromSnapshot, full.history());
              if (at == 0) {
                return used(new Resumed(run, fromSnapshot, seq));
              }
              rt.metrics.snapshotsMismatched.increment();
              LOG.log(
                  Level.ERROR,
                  "run {0}: its snapshot at seq {1} differs from its history at seq {2};"
                      + " resuming from the full history",
                  run.runId(),
                  seq,
                  at);
              return Future.succeededFuture(full);
            });
  }

  // Events are compared by position and content. Recording times are not: a host stamps its copy of
  // a step's events with the step's time, the journal stamps the rows with its clock at commit, and
  // replay never reads either.
  private static int firstDifference(List<HistoryEvent> a, List<HistoryEvent> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      if (a.get(i).seq() != b.get(i).seq() || !a.get(i).event().equals(b.get(i).event())) {
        return i + 1;
      }
    }
    return a.size() == b.size() ? 0 : n + 1;
  }
}
