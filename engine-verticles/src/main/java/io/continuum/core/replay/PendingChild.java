package io.continuum.core.replay;

import io.continuum.ChildHandle;
import java.lang.reflect.Type;

/** A child started in this execution: its type, id, the seq of its start, its result type. */
record PendingChild<O>(
    ReplayContext owner, String workflowType, String runId, int seq, Type resultType)
    implements ChildHandle<O> {}
