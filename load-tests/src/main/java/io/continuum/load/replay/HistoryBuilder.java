package io.continuum.load.replay;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.payload.PayloadCodec;
import io.continuum.core.replay.ActivityRequest;
import io.continuum.core.replay.ActivityTypes;
import io.continuum.core.replay.History;
import io.continuum.core.replay.StepExecutor;
import io.continuum.core.replay.StepInput;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.TimerRequest;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.load.replay.MixedPayloads.Approval;
import io.continuum.load.replay.MixedPayloads.Plan;
import io.continuum.load.replay.MixedPayloads.Restock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Produces a {@link MixedWorkflow} history by playing the engine around {@link StepExecutor}: run a
 * step, append its events with increasing seqs, drop the inbox items it consumed, then answer what
 * it asked for — activity results for its activity tasks, firings for its sleeps, and for a signal
 * wait either the signal or (every third timed wait) the timeout — and step again until the run
 * completes. Time advances one second per step and jumps to each timer's due time.
 *
 * <pre>{@code
 * var executor = new StepExecutor(JacksonPayloadCodec.create());
 * MixedHistory h = new HistoryBuilder(executor).build(12_500);
 * h.history().lastSeq();   // 12500
 * }</pre>
 */
public final class HistoryBuilder {

  /** When the built run starts. */
  public static final Instant START = Instant.parse("2025-01-06T09:00:00Z");

  private static final Map<String, Activity<?, ?>> WORKERS =
      Map.of(
          ActivityTypes.typeName(MixedActivities.PriceQuote.class),
          new MixedActivities.PriceQuote(),
          ActivityTypes.typeName(MixedActivities.Reserve.class),
          new MixedActivities.Reserve());

  private final StepExecutor executor;
  private final PayloadCodec codec;
  private final WorkflowDefinition definition = WorkflowDefinition.of(MixedWorkflow.class);
  private final List<InboxItem> inbox = new ArrayList<>();
  private long nextItemId = 1;
  private Instant now = START;

  /** A builder that steps with {@code executor} (and encodes with its codec). */
  public HistoryBuilder(StepExecutor executor) {
    this.executor = executor;
    this.codec = executor.codec();
  }

  /**
   * Runs a {@link MixedWorkflow} to completion.
   *
   * @param events the history's length without its {@code run_completed} (at least 2)
   * @throws IllegalStateException when a step drifts, fails or makes no progress
   */
  public MixedHistory build(int events) {
    if (events < 2) {
      throw new IllegalArgumentException("a mixed history needs at least 2 events, got " + events);
    }
    Payload plan = codec.encode(new Plan(events - 1));
    History history =
        History.of(
            List.of(
                new HistoryEvent(
                    1,
                    now,
                    new Event.RunStarted(
                        MixedHistory.RUN_ID,
                        MixedHistory.NAMESPACE,
                        definition.type(),
                        plan,
                        now))));
    for (int steps = 1; ; steps++) {
      now = now.plusSeconds(1);
      var input = new StepInput(MixedHistory.RUN_ID, MixedHistory.NAMESPACE, now, inbox);
      StepOutcome outcome = executor.step(definition, history, input);
      for (Event e : outcome.events()) {
        if (!(e instanceof Event.Terminal)) {
          history.append(new HistoryEvent(history.lastSeq() + 1, now, e));
        }
      }
      if (outcome.state() == RunState.COMPLETED) {
        var completed = (Event.RunCompleted) outcome.terminal();
        return new MixedHistory(definition, history, completed, steps, now);
      }
      if (outcome.state() != RunState.SUSPENDED || outcome.isEmpty()) {
        throw new IllegalStateException(
            "step " + steps + " of the mixed run ended " + outcome.state() + describe(outcome));
      }
      inbox.removeAll(outcome.consumed());
      answer(history, outcome);
    }
  }

  private void answer(History history, StepOutcome outcome) {
    for (ActivityRequest a : outcome.activities()) {
      inbox.add(new InboxItem.ActivityResult(nextItemId++, a.commandSeq(), work(a), null, 1));
    }
    for (TimerRequest t : outcome.timers()) {
      if (history.get(t.commandSeq()).event() instanceof Event.TimerStarted) {
        fireAt(t.commandSeq(), t.fireAt());
      }
    }
    int last = history.lastSeq();
    if (history.get(last).event() instanceof Event.SignalAwaited wait) {
      if (wait.timeoutAt() != null && wait.id().ordinal() % 3 == 2) {
        fireAt(last, wait.timeoutAt());
      } else {
        inbox.add(new InboxItem.Signal(nextItemId++, wait.id().name(), signal(wait)));
      }
    }
  }

  private void fireAt(int commandSeq, Instant due) {
    inbox.add(new InboxItem.TimerFired(nextItemId++, commandSeq));
    if (due.isAfter(now)) {
      now = due;
    }
  }

  private Payload signal(Event.SignalAwaited wait) {
    int n = wait.id().ordinal();
    return switch (wait.id().name()) {
      case "approval" -> codec.encode(new Approval("approver-" + n % 5, n % 7 != 3, "ok #" + n));
      case "restock" -> codec.encode(new Restock("sku-" + n % 97, 10 + n % 40));
      default -> throw new IllegalStateException("unexpected signal wait " + wait.id());
    };
  }

  @SuppressWarnings("unchecked")
  private Payload work(ActivityRequest a) {
    var worker = (Activity<Object, Object>) WORKERS.get(a.activityType());
    if (worker == null) {
      throw new IllegalStateException("no worker for activity '" + a.activityType() + "'");
    }
    Object in = a.input().decode(codec, ActivityTypes.of(worker.getClass()).inputType());
    try {
      return codec.encode(worker.execute(new Attempt(a), in));
    } catch (Exception e) {
      throw new IllegalStateException("activity " + a.activityType() + " failed", e);
    }
  }

  private static String describe(StepOutcome outcome) {
    if (outcome.drift() != null) {
      return ": " + outcome.drift().getMessage();
    }
    Event.Terminal t = outcome.terminal();
    return t instanceof Event.RunFailed f ? ": " + f.failure() : " without progress";
  }

  private record Attempt(String runId, String activityType, int attempt, String idempotencyKey)
      implements ActivityContext {
    Attempt(ActivityRequest a) {
      this(MixedHistory.RUN_ID, a.activityType(), 1, a.idempotencyKey());
    }
  }
}
