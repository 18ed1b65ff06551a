package io.continuum.determinism;

/**
 * How bad a {@link Finding} is. An {@link #ERROR} makes {@code Engine.Builder.build()} fail (in the
 * default {@code ENFORCE} mode); a {@link #WARNING} is logged.
 *
 * <pre>{@code
 * DeterminismOptions.defaults().withUnknownCalls(Severity.ERROR);   // strict: unknown calls fail
 * }</pre>
 */
public enum Severity {
  /** The code would not replay the same way. */
  ERROR,
  /** The scanner cannot tell, or the effect is harmless but repeated on every replay. */
  WARNING
}
