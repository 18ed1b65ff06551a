package io.continuum.journal;

import io.continuum.JournalException;

/**
 * A write was rejected because the writer's authority is stale: its lease token was replaced, the
 * run ended, or the history moved on. Nothing was written; the writer must drop what it holds.
 *
 * <pre>{@code
 * journal.commit(commit).onFailure(err -> {
 *   if (err instanceof FencedException f) dropRun(f.runId());
 * });
 * }</pre>
 */
public final class FencedException extends JournalException {

  /** Why a write was fenced. */
  public enum Reason {
    /** Another node claimed the run (or the task) since. */
    LEASE_LOST,
    /** The run reached a terminal state. */
    RUN_TERMINAL,
    /** The history has events this writer has not seen. */
    STALE_SEQ,
    /** The state table forbids the transition. */
    ILLEGAL_TRANSITION
  }

  private final String runId;
  private final Reason reason;

  public FencedException(String operation, String runId, Reason reason) {
    super(
        operation,
        "fenced (" + reason.name().toLowerCase(java.util.Locale.ROOT) + ") on run '" + runId + "'",
        false,
        null);
    this.runId = runId;
    this.reason = reason;
  }

  public String runId() {
    return runId;
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public String errorType() {
    return "fenced";
  }
}
