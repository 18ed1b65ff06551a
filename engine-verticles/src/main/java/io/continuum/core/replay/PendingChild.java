package io.continuum.core.replay;

import io.continuum.ChildHandle;
import io.continuum.RunRef;
import java.lang.reflect.Type;

/** A child started in this execution: its type, run key, the seq of its start, its result type. */
record PendingChild<O>(
    ReplayContext owner, String workflowType, String key, int seq, Type resultType)
    implements ChildHandle<O> {

  @Override
  public String runId() {
    return RunRef.idOf(key);
  }
}
