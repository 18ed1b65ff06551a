package io.continuum.runtime.impl;

import io.continuum.core.replay.ActivityRequest;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.TaskLeasing;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The local fast path for a step's new activity tasks: before the commit, take worker slots for the
 * tasks this node can run and have the journal create them already leased; after the commit, hand
 * them on this context. A task without a free slot is created ready for any node.
 */
final class TaskDispatch {
  private final EngineRuntime rt;
  private final TaskLeasing leasing;
  private final int slots;

  private TaskDispatch(EngineRuntime rt, TaskLeasing leasing, int slots) {
    this.rt = rt;
    this.leasing = leasing;
    this.slots = slots;
  }

  static TaskDispatch reserve(EngineRuntime rt, List<ActivityRequest> requests) {
    Set<Integer> local = new LinkedHashSet<>();
    for (ActivityRequest r : requests) {
      if (rt.activities.get(r.activityType()) != null) {
        local.add(r.commandSeq());
      }
    }
    int slots = local.isEmpty() ? 0 : rt.slots.take(local.size());
    if (slots == 0) {
      return new TaskDispatch(rt, null, 0);
    }
    Set<Integer> leased = new LinkedHashSet<>(local.stream().limit(slots).toList());
    return new TaskDispatch(
        rt, new TaskLeasing(rt.owner, rt.options.taskLeaseTtl(), leased), slots);
  }

  /** What to pass to the journal, or null. */
  TaskLeasing leasing() {
    return leasing;
  }

  /** The commit did not happen: give the slots back. */
  void abandon() {
    rt.slots.give(slots);
  }

  /** The commit happened: run what was leased, give back the slots of what was not. */
  void committed(List<ActivityTask> leased) {
    rt.slots.settle(slots, leased.size());
    leased.forEach(rt.attempts::run);
  }
}
