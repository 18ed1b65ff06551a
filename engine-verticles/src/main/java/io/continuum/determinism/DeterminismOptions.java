package io.continuum.determinism;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the determinism check treats workflows: whether registration enforces it, how unknown calls
 * count, and which classes or packages the user vouches for.
 *
 * <pre>{@code
 * Engine.builder()
 *     .workflow(Checkout.class)
 *     .determinism(DeterminismOptions.defaults()
 *         .withTrusted("com.acme.money", "org.joda.money.Money")
 *         .withUnknownCalls(Severity.ERROR))
 *     .build();
 * }</pre>
 *
 * @param mode what registration does with the findings
 * @param unknownCalls the severity of calls into code the check cannot vouch for
 * @param trusted class names or package prefixes (dotted) whose code is deemed deterministic: calls
 *     into them are neither scanned nor reported, unless a rule rejects the call itself
 */
public record DeterminismOptions(Mode mode, Severity unknownCalls, List<String> trusted) {

  /** What {@code Engine.Builder.build()} does with each registered workflow's findings. */
  public enum Mode {
    /** Errors fail {@code build()} with a {@code NondeterministicWorkflowException}. */
    ENFORCE,
    /** Errors and warnings are logged; {@code build()} goes on. */
    WARN,
    /** Workflows are not scanned. */
    OFF
  }

  /** Validates the options and normalizes the trusted names (dotted, no trailing {@code .*}). */
  public DeterminismOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(unknownCalls, "unknownCalls");
    var names = new ArrayList<String>();
    for (String t : trusted) {
      String name = t.replace('/', '.').strip();
      name = name.endsWith(".*") ? name.substring(0, name.length() - 2) : name;
      name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a trusted class or package must not be blank");
      }
      names.add(name);
    }
    trusted = List.copyOf(names);
  }

  /** {@link Mode#ENFORCE}, unknown calls are warnings, nothing trusted beyond the built-in list. */
  public static DeterminismOptions defaults() {
    return new DeterminismOptions(Mode.ENFORCE, Severity.WARNING, List.of());
  }

  public DeterminismOptions withMode(Mode mode) {
    return new DeterminismOptions(mode, unknownCalls, trusted);
  }

  /** Sets the severity of calls into code the check cannot vouch for. */
  public DeterminismOptions withUnknownCalls(Severity severity) {
    return new DeterminismOptions(mode, severity, trusted);
  }

  /**
   * Adds trusted classes or packages: {@code "com.acme.money"} trusts that package and its
   * subpackages, {@code "com.acme.Money"} that class and its nested classes.
   */
  public DeterminismOptions withTrusted(String... classesOrPackages) {
    var all = new ArrayList<>(trusted);
    all.addAll(List.of(classesOrPackages));
    return new DeterminismOptions(mode, unknownCalls, all);
  }

  /** Whether a class (binary name, dotted) is trusted. */
  public boolean trusts(String className) {
    for (String t : trusted) {
      if (className.equals(t) || className.startsWith(t + ".") || className.startsWith(t + "$")) {
        return true;
      }
    }
    return false;
  }
}
