package io.continuum.core.replay;

import io.continuum.ActivityHandle;
import java.lang.reflect.Type;

/**
 * An activity started in this execution: its type, the seq it was scheduled at, its result type.
 */
record PendingActivity<O>(ReplayContext owner, String type, int seq, Type resultType)
    implements ActivityHandle<O> {
  @Override
  public String activityType() {
    return type;
  }
}
