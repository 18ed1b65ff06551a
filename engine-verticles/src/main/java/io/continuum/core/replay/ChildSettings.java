package io.continuum.core.replay;

import java.util.function.UnaryOperator;

/**
 * How steps start children: the deepest a child may be (a root run has depth 0, its children 1),
 * and which version of a workflow type a new child starts on.
 *
 * <pre>{@code
 * new StepExecutor(codec, new ChildSettings(10, type -> registry.get(type).versionHash()));
 * }</pre>
 *
 * @param maxDepth the maximum depth, at least 1
 * @param newestVersion maps a workflow type to the version hash new runs of it start on (null:
 *     unversioned)
 */
public record ChildSettings(int maxDepth, UnaryOperator<String> newestVersion) {
  /** The default maximum depth. */
  public static final int DEFAULT_MAX_DEPTH = 10;

  /** Validates the settings. */
  public ChildSettings {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxChildDepth must be at least 1");
    }
    java.util.Objects.requireNonNull(newestVersion, "newestVersion");
  }

  /** Depth 10; children start unversioned. */
  public static ChildSettings defaults() {
    return new ChildSettings(DEFAULT_MAX_DEPTH, type -> null);
  }
}
