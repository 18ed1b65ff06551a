package io.continuum.determinism.impl;

import io.continuum.determinism.Severity;

/**
 * A verdict on one call: the rule's stable id, its severity and the fix, with the call's class and
 * method filled in.
 */
record Rule(String id, Severity severity, String hint) {
  static final String WALL_CLOCK = "wall-clock";
  static final String RANDOMNESS = "randomness";
  static final String THREADS = "threads";
  static final String IO = "io";
  static final String ENVIRONMENT = "environment";
  static final String CLIENT_CALL = "client-call";
  static final String STATIC_WRITE = "static-write";
  static final String SYNCHRONIZATION = "synchronization";
  static final String IDENTITY_HASH = "identity-hash";
  static final String UNKNOWN_CALL = "unknown-call";
  static final String REFLECTION = "reflection";
  static final String CATCH_THROWABLE = "catch-throwable";
}
