package io.continuum.core.replay;

import io.continuum.ActivityFailure;
import io.continuum.ActivityOptions;
import io.continuum.CompensationMode;
import io.continuum.CompensationResult;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.payload.Payload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The saga state of one execution: which completed activities still have a compensation to run.
 *
 * <p>The pending set is rebuilt by every execution from the history and the code: an activity whose
 * options name a compensation joins it when the code receives its result (a failed activity never
 * does), and leaves it when the code receives its compensation's outcome. A compensation scheduled
 * but not yet awaited (a cancel was thrown into the code while it waited) is awaited, not scheduled
 * again, by the next {@code compensateAll()}. Because joining and leaving happen at points the code
 * reaches identically on every replay, the set survives crashes and replays to the same
 * compensations. Compensations run LIFO by the activities' scheduling order.
 *
 * <p>A compensation is an ordinary activity task: {@code compensation_scheduled} (a command of kind
 * {@code compensation}, named by the compensation's activity type) carries the input, the original
 * activity's timeout and retry policy, and the seq it compensates; the task's idempotency key is
 * {@code <runId>/<seq of compensation_scheduled>}; its outcome is journaled as {@code
 * compensation_completed} or {@code compensation_failed}.
 */
final class Compensations {

  /** An activity with a compensation, started in this execution, whose result is not seen yet. */
  private record Started(ActivityOptions options, Object input) {}

  /** A completed activity whose compensation has not run. */
  private record Pending(int seq, ActivityOptions options, Object input, Object result) {
    String type() {
      return options.compensation().activityType();
    }
  }

  private final ReplayContext ctx;
  private final StepRecorder step;
  private final History history;
  private final String runId;
  private final Map<Integer, Started> started = new HashMap<>();
  private final TreeMap<Integer, Pending> pending = new TreeMap<>();
  // activity seq -> seq of its compensation_scheduled, while its outcome is not received
  private final Map<Integer, Integer> scheduled = new HashMap<>();

  Compensations(ReplayContext ctx, StepRecorder step, History history, String runId) {
    this.ctx = ctx;
    this.step = step;
    this.history = history;
    this.runId = runId;
  }

  /** The activity at {@code seq} was started (or replayed) with these options. */
  void started(int seq, ActivityOptions options, Object input) {
    if (options.compensation() != null) {
      started.put(seq, new Started(options, input));
    }
  }

  /** The code received the result of the activity at {@code seq}. */
  void completed(int seq, Object result) {
    Started s = started.remove(seq);
    if (s != null) {
      pending.put(seq, new Pending(seq, s.options(), s.input(), result));
    }
  }

  /** The code received the failure of the activity at {@code seq}: nothing to undo. */
  void failed(int seq) {
    started.remove(seq);
  }

  /** Runs the compensation of one activity, waiting for the activity first if need be. */
  CompensationResult compensate(PendingActivity<?> activity) {
    if (started.containsKey(activity.seq())) {
      try {
        ctx.await(activity);
      } catch (ActivityFailure failed) {
        return CompensationResult.NONE;
      }
    }
    Pending p = pending.get(activity.seq());
    if (p == null) {
      return CompensationResult.NONE;
    }
    return new CompensationResult(List.of(done(p, awaitOne(p, scheduled(p)))));
  }

  /** Runs every pending compensation, most recent activity first. */
  CompensationResult compensateAll(CompensationMode mode) {
    if (pending.isEmpty()) {
      return CompensationResult.NONE;
    }
    List<Pending> order = new ArrayList<>(pending.descendingMap().values());
    List<CompensationResult.Outcome> outcomes = new ArrayList<>(order.size());
    if (mode == CompensationMode.PARALLEL) {
      int[] seqs = new int[order.size()];
      for (int i = 0; i < seqs.length; i++) {
        seqs[i] = scheduled(order.get(i));
      }
      ctx.atWait();
      for (int i = 0; i < seqs.length; i++) {
        if (step.resolution(seqs[i]) == null) {
          throw ctx.suspend(seqs.length + " compensations (seq " + seqs[i] + ")");
        }
      }
      for (int i = 0; i < seqs.length; i++) {
        outcomes.add(done(order.get(i), step.resolution(seqs[i])));
      }
    } else {
      for (Pending p : order) {
        outcomes.add(done(p, awaitOne(p, scheduled(p))));
      }
    }
    return new CompensationResult(outcomes);
  }

  /** The seq of {@code p}'s compensation, scheduling it first unless it was already. */
  private int scheduled(Pending p) {
    Integer seq = scheduled.get(p.seq());
    if (seq == null) {
      seq = schedule(p);
      scheduled.put(p.seq(), seq);
    }
    return seq;
  }

  /** The code received {@code p}'s compensation outcome: it is no longer pending. */
  private CompensationResult.Outcome done(Pending p, Event.Resolution r) {
    CompensationResult.Outcome outcome = outcome(p, r);
    pending.remove(p.seq());
    scheduled.remove(p.seq());
    return outcome;
  }

  /** Journals (or matches) the compensation of {@code p}; returns its seq. */
  private int schedule(Pending p) {
    int seq = ctx.match(CommandKind.COMPENSATION, p.type());
    if (seq >= 0) {
      var recorded = (Event.CompensationScheduled) history.get(seq).event();
      if (recorded.compensates() != p.seq()) {
        throw ctx.drift(
            seq, "compensation of seq " + recorded.compensates(), "compensation of seq " + p.seq());
      }
      return seq;
    }
    Payload in = ctx.encode(p.options().compensation().inputFor(p.input(), p.result()));
    var options = new ActivityOptions(p.options().startToCloseTimeout(), p.options().retry());
    var id = new CommandId(CommandKind.COMPENSATION, p.type(), ctx.ordinal());
    seq = step.append(new Event.CompensationScheduled(id, p.seq(), in, options));
    step.activity(
        new ActivityRequest(
            seq, p.type(), in, options, ActivityRequest.idempotencyKey(runId, seq)));
    return seq;
  }

  private Event.Resolution awaitOne(Pending p, int seq) {
    ctx.atWait();
    Event.Resolution r = step.resolution(seq);
    if (r == null) {
      throw ctx.suspend("compensation '" + p.type() + "' (seq " + seq + ")");
    }
    return r;
  }

  private CompensationResult.Outcome outcome(Pending p, Event.Resolution r) {
    if (r instanceof Event.CompensationCompleted c) {
      return new CompensationResult.Outcome(p.type(), p.seq(), c.attempts(), null);
    }
    if (r instanceof Event.CompensationFailed f) {
      return new CompensationResult.Outcome(p.type(), p.seq(), f.attempts(), f.failure());
    }
    throw ctx.drift(r.commandSeq(), "a compensation outcome", r.typeName());
  }
}
