package io.continuum.runtime.impl;

import io.continuum.journal.JournalListener;
import io.continuum.journal.JournalNotice;

/**
 * Turns journal notices into engine work: a run with news goes to its host here, or (for this
 * node's own writes, in a cluster) to its owner elsewhere, or to the dispatcher to claim; task and
 * timer notices go to the worker and the wheel.
 */
final class NoticeRouter implements JournalListener {
  private final EngineRuntime rt;

  NoticeRouter(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void onNotice(JournalNotice notice) {
    if (notice instanceof JournalNotice.RunReady r) {
      rt.tracker.begin();
      rt.tracker.track(rt.directory.wake(r.runId(), !r.heard(), r.owner()));
    } else if (notice instanceof JournalNotice.TasksReady) {
      rt.request(rt.addresses.worker(), Messages.DUTY);
    } else if (notice instanceof JournalNotice.TimerArmed t) {
      rt.request(rt.addresses.wheel(), new Messages.TimerArmed(t.fireAt()));
    }
  }
}
