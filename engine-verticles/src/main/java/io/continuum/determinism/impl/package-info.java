/**
 * The determinism scanner's machinery: the class index, the rule table, the JDK allow-list and the
 * call-graph walk. Internal: use {@link io.continuum.determinism.DeterminismCheck}.
 */
package io.continuum.determinism.impl;
