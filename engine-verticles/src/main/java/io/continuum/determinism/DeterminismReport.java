package io.continuum.determinism;

import java.util.List;
import java.util.Objects;

/**
 * What {@link DeterminismCheck} found in one workflow.
 *
 * <pre>{@code
 * DeterminismReport report = DeterminismCheck.scan(Checkout.class);
 * if (report.hasErrors()) {
 *   report.errors().forEach(System.err::println);
 * }
 * }</pre>
 *
 * @param workflow the binary name of the workflow class
 * @param findings every finding, in the order the scan met them
 * @param notes remarks on what could not be scanned (for example a workflow given as a lambda)
 */
public record DeterminismReport(String workflow, List<Finding> findings, List<String> notes) {

  /** Validates the report and copies its lists. */
  public DeterminismReport {
    Objects.requireNonNull(workflow, "workflow");
    findings = List.copyOf(findings);
    notes = List.copyOf(notes);
  }

  /** The findings that reject the workflow. */
  public List<Finding> errors() {
    return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
  }

  /** The findings that only warn. */
  public List<Finding> warnings() {
    return findings.stream().filter(f -> f.severity() == Severity.WARNING).toList();
  }

  /** Whether any finding is an error. */
  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }

  /** The workflow, then one finding per line, then the notes. */
  @Override
  public String toString() {
    var text = new StringBuilder("determinism report for ").append(workflow).append(':');
    if (findings.isEmpty()) {
      text.append(" no findings");
    }
    findings.forEach(f -> text.append('\n').append(f));
    notes.forEach(n -> text.append("\nnote: ").append(n));
    return text.toString();
  }
}
