package io.continuum.runtime.impl;

import io.continuum.ActivityContext;

/** The {@link ActivityContext} of one attempt. */
record AttemptContext(String runId, String activityType, int attempt, String idempotencyKey)
    implements ActivityContext {}
