package io.continuum.observer.impl;

/** The webjar versions the observer serves (the root pom's htmx properties: keep them equal). */
final class Versions {
  static final String HTMX = "2.0.7";
  static final String HTMX_SSE = "2.2.2";

  private Versions() {}
}
