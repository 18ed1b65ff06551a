package io.continuum.journal;

/**
 * What {@link Journal#cancel} did.
 *
 * <pre>{@code
 * journal.cancel(runId, "operator").onSuccess(r -> { if (r == CancelResult.REQUESTED) wake(runId); });
 * }</pre>
 */
public enum CancelResult {
  /** The run had no live owner and is now cancelled. */
  CANCELLED,
  /** The run was already cancelled; nothing changed. */
  ALREADY_CANCELLED,
  /** The run's owner is alive; the request waits in its inbox. */
  REQUESTED
}
