package io.continuum.runtime.impl;

import io.continuum.ActivityDefinition;
import io.continuum.core.replay.ActivityTypes;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The activity implementations this node runs, by type name. */
final class ActivityRegistry {

  /** An implementation and the type its input decodes to. */
  record Registered(String type, ActivityDefinition<?, ?> implementation, Type inputType) {}

  private final Map<String, Registered> byType = new LinkedHashMap<>();

  ActivityRegistry(List<ActivityDefinition<?, ?>> implementations) {
    for (ActivityDefinition<?, ?> impl : implementations) {
      ActivityTypes.Info info = ActivityTypes.of(impl.getClass());
      Registered previous =
          byType.putIfAbsent(info.name(), new Registered(info.name(), impl, info.inputType()));
      if (previous != null) {
        throw new IllegalArgumentException(
            "activity type '" + info.name() + "' is registered twice");
      }
    }
  }

  Registered get(String type) {
    return byType.get(type);
  }

  Collection<String> types() {
    return Set.copyOf(byType.keySet());
  }

  boolean isEmpty() {
    return byType.isEmpty();
  }
}
