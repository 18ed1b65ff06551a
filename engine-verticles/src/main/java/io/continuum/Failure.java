package io.continuum;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * A journaled description of an error: the class name, the message and the stack trace as text.
 * Journals store failures, never live exception objects, so they replay identically on any node.
 *
 * <pre>{@code
 * catch (ActivityFailure f) {
 *   if (f.failure().type().equals(CardDeclined.class.getName())) { ... }
 * }
 * }</pre>
 *
 * @param type the error's class name
 * @param message the error's message (never null; may be empty)
 * @param stackTrace the stack trace as text, possibly truncated (never null; may be empty)
 */
public record Failure(String type, String message, String stackTrace) {

  private static final int MAX_STACK_CHARS = 8_192;

  /** Validates the failure. */
  public Failure {
    Objects.requireNonNull(type, "type");
    message = message == null ? "" : message;
    stackTrace = stackTrace == null ? "" : stackTrace;
  }

  /** Describes an exception (its stack trace truncated to 8 KiB). */
  public static Failure of(Throwable error) {
    var out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    String trace = out.toString();
    if (trace.length() > MAX_STACK_CHARS) {
      trace = trace.substring(0, MAX_STACK_CHARS) + "\n\t... (truncated)";
    }
    return new Failure(error.getClass().getName(), error.getMessage(), trace);
  }

  /** A failure with no stack trace. */
  public static Failure of(String type, String message) {
    return new Failure(type, message, "");
  }

  @Override
  public String toString() {
    return message.isEmpty() ? type : type + ": " + message;
  }
}
