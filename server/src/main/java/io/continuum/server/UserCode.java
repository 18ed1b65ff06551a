package io.continuum.server;

import io.continuum.ActivityDefinition;
import io.continuum.Workflow;
import io.continuum.runtime.Engine;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/** The workflow and activity classes a config file names, loaded from the classpath. */
final class UserCode {
  private UserCode() {}

  /** Registers every named class on {@code builder}; a bad name is a {@link ConfigException}. */
  static Engine.Builder register(
      Engine.Builder builder, List<String> workflows, List<String> activities) {
    for (String name : workflows) {
      Class<?> type = load(name, "workflows");
      if (!Workflow.class.isAssignableFrom(type)) {
        throw new ConfigException(
            "workflows: " + name + " does not implement io.continuum.Workflow");
      }
      try {
        builder.workflow(asWorkflow(type));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("workflows: " + name + ": " + e.getMessage(), e);
      }
    }
    for (String name : activities) {
      Class<?> type = load(name, "activities");
      if (!ActivityDefinition.class.isAssignableFrom(type)) {
        throw new ConfigException(
            "activities: " + name + " implements neither io.continuum.Activity nor AsyncActivity");
      }
      builder.activity(instantiate(type, name));
    }
    return builder;
  }

  /** Loads a class by name; a missing one is a {@link ConfigException} that names {@code key}. */
  static Class<?> load(String name, String key) {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return Class.forName(name, true, loader != null ? loader : UserCode.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigException(key + ": class " + name + " is not on the classpath", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <W extends Workflow<?, ?>> Class<W> asWorkflow(Class<?> type) {
    return (Class<W>) type;
  }

  private static ActivityDefinition<?, ?> instantiate(Class<?> type, String name) {
    try {
      return (ActivityDefinition<?, ?>) type.getConstructor().newInstance();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new ConfigException(
          "activities: " + name + " needs a public no-argument constructor", e);
    } catch (InstantiationException | InvocationTargetException e) {
      Throwable cause = e instanceof InvocationTargetException t ? t.getCause() : e;
      throw new ConfigException("activities: could not create " + name + ": " + cause, cause);
    }
  }
}
