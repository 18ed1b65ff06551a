package io.continuum.determinism.impl;

import io.continuum.determinism.Severity;

/** How findings name calls: {@code java.time.Instant.now()}, {@code new java.util.Random()}. */
final class Calls {
  static final Rule CATCH_THROWABLE =
      new Rule(
          Rule.CATCH_THROWABLE,
          Severity.WARNING,
          "catch Exception instead: the engine suspends a step by throwing an Error that must not"
              + " be caught");

  private Calls() {}

  static String unknownHint(String owner) {
    String dotted = owner.replace('/', '.');
    String trust = "trust it with DeterminismOptions.withTrusted(\"" + dotted + "\")";
    return ClassIndex.isJdk(owner)
        ? dotted
            + " is not on the list of deterministic JDK classes; move the call into an activity"
            + " or ctx.sideEffect, or "
            + trust
        : "annotate "
            + dotted
            + " with @io.continuum.Pure if it is deterministic (its code is then scanned too), or "
            + trust;
  }

  static String render(String owner, String name) {
    String type = owner.replace('/', '.');
    return name.equals("<init>") ? "new " + type + "()" : type + "." + name + "()";
  }
}
