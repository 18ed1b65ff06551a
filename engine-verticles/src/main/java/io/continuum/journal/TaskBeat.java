package io.continuum.journal;

/**
 * What a task lease beat ({@link Journal#beatTask}) found: the answer an attempt acts on.
 *
 * <pre>{@code
 * journal.beatTask(id, token, ttl, null).onSuccess(beat -> {
 *   if (beat != TaskBeat.HELD) attempt.cancel();
 * });
 * }</pre>
 */
public enum TaskBeat {
  /** The attempt still holds its task; the lease (and heartbeat deadline) moved on. */
  HELD,
  /**
   * The attempt still holds its task, but its run's cancel was requested: the attempt should stop.
   */
  CANCEL_REQUESTED,
  /**
   * The task is no longer this attempt's: it timed out and was requeued or failed, another attempt
   * holds it, or it is gone because its run ended. Nothing was written.
   */
  LOST
}
