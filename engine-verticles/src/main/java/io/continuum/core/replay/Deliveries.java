package io.continuum.core.replay;

import io.continuum.CancelledFailure;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import java.time.Duration;

/**
 * What reaches the workflow code at its waits rather than through a call of its own: a cancel
 * request, thrown as {@link CancelledFailure}, and updates, whose handlers run there. A replay
 * meets them where the history recorded them (the commands that follow the last one matched); new
 * execution delivers what waits in the inbox at the first wait past the history's end.
 */
final class Deliveries {
  static final String CANCEL = "cancel";

  private final ReplayContext ctx;
  private final StepRecorder step;
  private final CommandMatcher commands;
  private final StepInput input;
  private final Duration cancelGrace;
  private final InboxItem.CancelRequested cancel;
  private final Updates updates;
  private boolean cancelDelivered;

  Deliveries(
      ReplayContext ctx,
      StepRecorder step,
      CommandMatcher commands,
      StepInput input,
      Duration cancelGrace,
      Updates updates) {
    this.updates = updates;
    this.ctx = ctx;
    this.step = step;
    this.commands = commands;
    this.input = input;
    this.cancelGrace = cancelGrace;
    InboxItem.CancelRequested request = null;
    for (InboxItem item : input.inbox()) {
      if (item instanceof InboxItem.CancelRequested c) {
        request = c;
        break;
      }
    }
    this.cancel = request;
  }

  /**
   * The code reached a wait: applies the updates recorded (or now waiting) here and throws the
   * cancel when it is due here.
   *
   * @throws CancelledFailure when the run's cancel is delivered at this wait
   */
  void atWait() {
    while (true) {
      CommandId next = commands.next();
      if (next == null) {
        break;
      }
      if (next.kind() == CommandKind.CANCEL) {
        int seq = ctx.match(CommandKind.CANCEL, CANCEL);
        cancelDelivered = true;
        throw new CancelledFailure(
            input.runId(), ((Event.CancelDelivered) step.eventAt(seq)).reason());
      }
      if (next.kind() != CommandKind.UPDATE) {
        return;
      }
      updates.replayNext();
    }
    updates.applyWaiting();
    if (cancel != null && !cancelDelivered) {
      ctx.match(CommandKind.CANCEL, CANCEL);
      int seq =
          step.append(
              new Event.CancelDelivered(
                  new CommandId(CommandKind.CANCEL, CANCEL, ctx.ordinal()), cancel.reason()));
      step.timer(new TimerRequest(seq, input.now().plus(cancelGrace)));
      cancelDelivered = true;
      throw new CancelledFailure(input.runId(), cancel.reason());
    }
  }

  /** Whether the code has been told of the cancel (in this step or an earlier one). */
  boolean cancelDelivered() {
    return cancelDelivered;
  }

  /** The request in the inbox, or null. */
  InboxItem.CancelRequested request() {
    return cancel;
  }
}
