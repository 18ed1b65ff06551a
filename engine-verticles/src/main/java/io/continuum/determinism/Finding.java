package io.continuum.determinism;

import java.util.Objects;

/**
 * One thing the determinism check found in workflow code.
 *
 * <pre>{@code
 * Finding f = DeterminismCheck.scan(Checkout.class).errors().get(0);
 * f.rule();       // "wall-clock"
 * f.call();       // "java.time.Instant.now()"
 * f.hint();       // "use ctx.now() instead of Instant.now()"
 * f.toString();   // ERROR com.acme.Checkout.run(Checkout.java:42) wall-clock: java.time.Instant.now()
 *                 //   — use ctx.now() instead of Instant.now()
 * }</pre>
 *
 * @param severity whether the call is rejected or only warned about
 * @param className the binary name of the class holding the code ({@code com.acme.Checkout$1})
 * @param method the method holding the code ({@code run}, {@code lambda$run$0}, {@code <init>})
 * @param line the source line, or -1 when the class has no line numbers
 * @param rule the stable, kebab-case rule id, e.g. {@code wall-clock}
 * @param call what the code does, e.g. {@code java.time.Instant.now()}
 * @param hint how to fix it
 * @param sourceFile the source file name recorded in the class, or null
 */
public record Finding(
    Severity severity,
    String className,
    String method,
    int line,
    String rule,
    String call,
    String hint,
    String sourceFile) {

  /** Validates the finding. */
  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(hint, "hint");
  }

  /**
   * Where the code is, as a stack trace prints it: {@code com.acme.Checkout.run(Checkout.java:42)}.
   */
  public String location() {
    String file = sourceFile != null ? sourceFile : "Unknown Source";
    return className + "." + method + "(" + file + (line >= 0 ? ":" + line : "") + ")";
  }

  /** One line: severity, location, rule, call and hint. */
  @Override
  public String toString() {
    return severity + " " + location() + " " + rule + ": " + call + " — " + hint;
  }
}
