package io.continuum.runtime.impl;

import io.continuum.ActivityContext;
import io.vertx.core.Future;
import java.util.Optional;

/** The {@link ActivityContext} of one attempt: a view of its {@link ActivityAttempt}. */
final class AttemptContext implements ActivityContext {
  private final ActivityAttempt attempt;
  private final String runId;

  AttemptContext(ActivityAttempt attempt, String runId) {
    this.attempt = attempt;
    this.runId = runId;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String activityType() {
    return attempt.task().activityType();
  }

  @Override
  public int attempt() {
    return attempt.task().attempt();
  }

  @Override
  public String idempotencyKey() {
    return attempt.task().idempotencyKey();
  }

  @Override
  public void heartbeat(Object details) {
    attempt.heartbeat(details);
  }

  @Override
  public <T> Optional<T> lastHeartbeatDetails(Class<T> type) {
    return attempt.lastHeartbeatDetails(type);
  }

  @Override
  public boolean isCancelled() {
    return attempt.isCancelled();
  }

  @Override
  public Future<Void> cancelled() {
    return attempt.cancelled();
  }

  @Override
  public String completionToken() {
    return attempt.completionToken();
  }

  @Override
  public void completeExternally() {
    attempt.completeExternally();
  }

  @Override
  public String toString() {
    return "ActivityContext[" + activityType() + " of " + runId + ", attempt " + attempt() + "]";
  }
}
