package io.continuum.core.replay;

import io.continuum.UnknownWorkflowType;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workflows an engine can run, by type name. Built before the engine starts and read-only
 * afterwards.
 *
 * <pre>{@code
 * var registry = new WorkflowRegistry().register(WorkflowDefinition.of(Checkout.class));
 * WorkflowDefinition d = registry.get("orders.checkout");
 * }</pre>
 */
public final class WorkflowRegistry {

  private final Map<String, WorkflowDefinition> byType = new LinkedHashMap<>();

  /**
   * Adds a definition.
   *
   * @throws IllegalArgumentException when another class already has this type name
   */
  public WorkflowRegistry register(WorkflowDefinition definition) {
    WorkflowDefinition previous = byType.putIfAbsent(definition.type(), definition);
    if (previous != null && previous.workflowClass() != definition.workflowClass()) {
      throw new IllegalArgumentException(
          "workflow type '" + definition.type() + "' is already registered by " + previous);
    }
    return this;
  }

  /**
   * The definition of a type.
   *
   * @throws UnknownWorkflowType when none is registered
   */
  public WorkflowDefinition get(String type) {
    WorkflowDefinition d = byType.get(type);
    if (d == null) {
      throw new UnknownWorkflowType(type);
    }
    return d;
  }

  /** Whether a type is registered. */
  public boolean contains(String type) {
    return byType.containsKey(type);
  }

  /** All definitions, in registration order. */
  public Collection<WorkflowDefinition> all() {
    return Collections.unmodifiableCollection(byType.values());
  }
}
