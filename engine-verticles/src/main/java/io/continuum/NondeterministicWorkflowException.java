package io.continuum;

import io.continuum.determinism.DeterminismReport;
import io.continuum.determinism.Finding;
import java.util.List;

/**
 * Workflow code does something that would not replay the same way: reads the wall clock, draws
 * random numbers, starts threads, does I/O, and so on. The message lists every rejected call, one
 * per line, with its location and a fix; {@link #reports()} holds the full findings.
 *
 * <pre>{@code
 * try {
 *   Engine.builder().workflow(Checkout.class).build();
 * } catch (NondeterministicWorkflowException e) {
 *   // ERROR com.acme.Checkout.run(Checkout.java:42) wall-clock: java.time.Instant.now() — use
 *   //   ctx.now() instead of Instant.now()
 *   e.reports().forEach(r -> r.errors().forEach(System.err::println));
 * }
 * }</pre>
 *
 * <p>Thrown by {@code Engine.Builder.build()} in the default {@code ENFORCE} mode and by {@link
 * io.continuum.determinism.DeterminismCheck#assertDeterministic}.
 */
public final class NondeterministicWorkflowException extends ContinuumException {
  private final transient List<DeterminismReport> reports;

  public NondeterministicWorkflowException(List<DeterminismReport> reports) {
    super(message(reports));
    this.reports = List.copyOf(reports);
  }

  /** The reports of the workflows that have errors. */
  public List<DeterminismReport> reports() {
    return reports;
  }

  @Override
  public String errorType() {
    return "nondeterministic-workflow";
  }

  private static String message(List<DeterminismReport> reports) {
    var text = new StringBuilder();
    for (DeterminismReport r : reports) {
      List<Finding> errors = r.errors();
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append("workflow ")
          .append(r.workflow())
          .append(" is not deterministic (")
          .append(errors.size())
          .append(errors.size() == 1 ? " error):" : " errors):");
      errors.forEach(f -> text.append('\n').append(f));
    }
    return text.toString();
  }
}
