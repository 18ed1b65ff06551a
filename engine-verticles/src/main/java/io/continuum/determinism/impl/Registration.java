package io.continuum.determinism.impl;

import io.continuum.NondeterministicWorkflowException;
import io.continuum.determinism.DeterminismCheck;
import io.continuum.determinism.DeterminismOptions;
import io.continuum.determinism.DeterminismReport;
import io.continuum.determinism.Finding;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The check {@code Engine.Builder.build()} runs on every registered workflow class: errors fail the
 * build in {@code ENFORCE} mode; everything else is logged once per class and options.
 *
 * <pre>{@code
 * Registration.check(List.of(Checkout.class), DeterminismOptions.defaults());
 * }</pre>
 */
public final class Registration {
  private static final System.Logger LOG = System.getLogger(DeterminismCheck.class.getName());
  private static final ClassValue<Set<DeterminismOptions>> LOGGED =
      new ClassValue<>() {
        @Override
        protected Set<DeterminismOptions> computeValue(Class<?> type) {
          return ConcurrentHashMap.newKeySet();
        }
      };

  private Registration() {}

  /**
   * Scans each class (cached) under {@code options}.
   *
   * @throws NondeterministicWorkflowException in {@code ENFORCE} mode, when any class has errors
   */
  public static void check(Collection<Class<?>> workflows, DeterminismOptions options) {
    if (options.mode() == DeterminismOptions.Mode.OFF) {
      return;
    }
    boolean enforce = options.mode() == DeterminismOptions.Mode.ENFORCE;
    var failing = new ArrayList<DeterminismReport>();
    for (Class<?> workflow : workflows) {
      DeterminismReport report = DeterminismCheck.scan(workflow, options);
      if (enforce && report.hasErrors()) {
        failing.add(report);
      } else if (LOGGED.get(workflow).add(options)) {
        log(report);
      }
    }
    if (!failing.isEmpty()) {
      throw new NondeterministicWorkflowException(failing);
    }
  }

  private static void log(DeterminismReport report) {
    List<Finding> findings = report.findings();
    if (!findings.isEmpty()) {
      var text = new StringBuilder("workflow ").append(report.workflow()).append(": ");
      text.append(findings.size()).append(" determinism finding(s)");
      findings.forEach(f -> text.append("\n  ").append(f));
      LOG.log(Level.WARNING, text.toString());
    }
    report.notes().forEach(n -> LOG.log(Level.DEBUG, n));
  }
}
