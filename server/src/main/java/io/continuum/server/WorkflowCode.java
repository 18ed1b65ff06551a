package io.continuum.server;

import io.continuum.Workflow;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.core.replay.WorkflowRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The workflow code an operations command checks runs against: the classes named with {@code
 * --class} (each a version of one type, the last the newest), else the example workflows.
 *
 * <pre>{@code
 * WorkflowRegistry code = WorkflowCode.resolve("orders.checkout", List.of("com.acme.CheckoutV2"));
 * WorkflowDefinition newest = code.get("orders.checkout");
 * }</pre>
 */
final class WorkflowCode {
  private WorkflowCode() {}

  /** The versions of {@code type} to check against; a bad type or class is a usage error. */
  static WorkflowRegistry resolve(String type, List<String> classNames) {
    var registry = new WorkflowRegistry();
    for (Class<?> c : classes(type, classNames)) {
      WorkflowDefinition definition = definition(c);
      if (!definition.type().equals(type)) {
        throw new ConfigException(
            "--class "
                + c.getName()
                + " implements workflow '"
                + definition.type()
                + "', not '"
                + type
                + "'");
      }
      try {
        registry.register(definition);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--class " + c.getName() + ": " + e.getMessage(), e);
      }
    }
    return registry;
  }

  /** A version hash as the commands print it: its first 12 hex digits. */
  static String label(String versionHash) {
    return versionHash == null ? "(unversioned)" : versionHash.substring(0, 12);
  }

  private static List<Class<?>> classes(String type, List<String> classNames) {
    var classes = new ArrayList<Class<?>>();
    if (classNames.isEmpty()) {
      for (Class<?> example : Examples.workflows()) {
        if (WorkflowDefinition.typeName(example).equals(type)) {
          classes.add(example);
        }
      }
      if (classes.isEmpty()) {
        throw new ConfigException(
            "workflow type '"
                + type
                + "' is not one of the examples ("
                + String.join(", ", exampleTypes())
                + "): name its classes with --class FQCN");
      }
      return classes;
    }
    for (String name : classNames) {
      classes.add(UserCode.load(name, "--class"));
    }
    return classes;
  }

  private static List<String> exampleTypes() {
    return Examples.workflows().stream().map(WorkflowDefinition::typeName).toList();
  }

  @SuppressWarnings("unchecked")
  private static WorkflowDefinition definition(Class<?> c) {
    if (!Workflow.class.isAssignableFrom(c)) {
      throw new ConfigException(
          "--class " + c.getName() + " does not implement io.continuum.Workflow");
    }
    try {
      return WorkflowDefinition.of((Class<Workflow<?, ?>>) c);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--class " + c.getName() + ": " + e.getMessage(), e);
    }
  }
}
