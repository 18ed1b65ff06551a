package io.continuum.runtime.impl;

import io.continuum.journal.JournalListener;
import io.continuum.journal.JournalNotice;

/**
 * Turns journal notices into engine work: a run with news goes to its host (or, when not hosted
 * here, to the dispatcher to claim), task and timer notices to the worker and the wheel.
 */
final class NoticeRouter implements JournalListener {
  private final EngineRuntime rt;

  NoticeRouter(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void onNotice(JournalNotice notice) {
    if (notice instanceof JournalNotice.RunReady r) {
      wake(r.runId());
    } else if (notice instanceof JournalNotice.TasksReady) {
      rt.request(rt.addresses.worker(), Messages.DUTY);
    } else if (notice instanceof JournalNotice.TimerArmed t) {
      rt.request(rt.addresses.wheel(), new Messages.TimerArmed(t.fireAt()));
    }
  }

  /** Wakes the local host of a run, or asks the dispatcher to claim it. */
  void wake(String runId) {
    if (rt.hosted.containsKey(runId)) {
      rt.tracker.begin();
      rt.request(rt.addresses.run(runId), Messages.WAKE)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  rt.nudgeDispatcher();
                }
                rt.tracker.end();
              });
    } else {
      rt.nudgeDispatcher();
    }
  }
}
