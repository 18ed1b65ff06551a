package io.continuum.determinism.snippets;

import io.continuum.determinism.Severity;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The finding a snippet workflow must produce: one row of the table test. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Expect {
  Severity severity() default Severity.ERROR;

  String rule();

  /** The finding's call, exactly. */
  String call();

  /** A part of the finding's hint. */
  String hint();
}
