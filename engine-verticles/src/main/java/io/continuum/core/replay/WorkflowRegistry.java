package io.continuum.core.replay;

import io.continuum.UnknownWorkflowType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The workflows an engine can run, by type name and version. Several classes may implement one
 * type: each is a version (its {@link WorkflowDefinition#versionHash()}), the one registered last
 * is the newest, new runs start on it, and a run resumes only on the version it started on.
 *
 * <pre>{@code
 * var registry = new WorkflowRegistry()
 *     .register(WorkflowDefinition.of(CheckoutV1.class))   // @WorkflowType("orders.checkout")
 *     .register(WorkflowDefinition.of(CheckoutV2.class));  // the same type, newer
 * registry.get("orders.checkout");                          // V2: where new runs start
 * registry.find("orders.checkout", v1Hash);                 // V1: where V1's runs resume
 * }</pre>
 */
public final class WorkflowRegistry {

  private final Map<String, List<WorkflowDefinition>> byType = new LinkedHashMap<>();

  /**
   * Adds a definition: a new type, or a new version of a registered type. Registering the same
   * class twice changes nothing.
   *
   * @throws IllegalArgumentException when a version of this type is already registered by an
   *     unversioned (lambda) definition, or with the same hash by another class
   */
  public WorkflowRegistry register(WorkflowDefinition definition) {
    List<WorkflowDefinition> versions =
        byType.computeIfAbsent(definition.type(), t -> new ArrayList<>());
    for (WorkflowDefinition known : versions) {
      if (known.workflowClass() == definition.workflowClass()) {
        return this;
      }
      if (known.versionHash() == null || definition.versionHash() == null) {
        throw new IllegalArgumentException(
            "workflow type '"
                + definition.type()
                + "' is already registered by "
                + known
                + "; only class-based definitions can be versions of one type");
      }
      if (known.versionHash().equals(definition.versionHash())) {
        throw new IllegalArgumentException(
            "workflow type '" + definition.type() + "' already has this version, " + known);
      }
    }
    versions.add(definition);
    return this;
  }

  /**
   * The newest version of a type: where new runs start.
   *
   * @throws UnknownWorkflowType when none is registered
   */
  public WorkflowDefinition get(String type) {
    List<WorkflowDefinition> versions = byType.get(type);
    if (versions == null) {
      throw new UnknownWorkflowType(type);
    }
    return versions.get(versions.size() - 1);
  }

  /**
   * The version a run of {@code type} recorded, or null when this registry does not have it. A run
   * with no recorded version (started by an unversioned definition) resumes on the newest.
   */
  public WorkflowDefinition find(String type, String versionHash) {
    List<WorkflowDefinition> versions = byType.get(type);
    if (versions == null) {
      return null;
    }
    if (versionHash == null) {
      return versions.get(versions.size() - 1);
    }
    for (WorkflowDefinition d : versions) {
      if (versionHash.equals(d.versionHash()) || d.versionHash() == null) {
        return d;
      }
    }
    return null;
  }

  /** The registered version of this class, else the newest version of its type. */
  public WorkflowDefinition forClass(Class<?> workflowClass) {
    WorkflowDefinition newest = get(WorkflowDefinition.typeName(workflowClass));
    for (WorkflowDefinition d : byType.get(newest.type())) {
      if (d.workflowClass() == workflowClass) {
        return d;
      }
    }
    return newest;
  }

  /** Whether a type is registered. */
  public boolean contains(String type) {
    return byType.containsKey(type);
  }

  /** The newest version of every type, in registration order. */
  public Collection<WorkflowDefinition> all() {
    return byType.values().stream().map(v -> v.get(v.size() - 1)).toList();
  }

  /** Every version of every type. */
  public List<WorkflowDefinition> versions() {
    return byType.values().stream().flatMap(List::stream).toList();
  }

  static String requireType(String type) {
    return Objects.requireNonNull(type, "type");
  }
}
