package io.continuum;

/**
 * Thrown by {@link ActivityContext#heartbeat} once the attempt has learnt that it is cancelled: its
 * run's cancel was requested, or its task is no longer its own (it timed out and was requeued, or
 * its run ended). Let it propagate (or return): the attempt ends without a result and is not
 * retried; nothing the body does afterwards is recorded.
 *
 * <pre>{@code
 * try {
 *   for (Chunk c : chunks) { upload(c); ctx.heartbeat(c.index()); }
 * } catch (ActivityCancelled e) {
 *   abortMultipartUpload();  // clean up, then let it go
 *   throw e;
 * }
 * }</pre>
 */
public final class ActivityCancelled extends ContinuumException {

  /** The failure type a cancelled attempt's task ends with, when it is recorded. */
  public static final String TYPE = ActivityCancelled.class.getName();

  public ActivityCancelled(String message) {
    super(message);
  }

  @Override
  public String errorType() {
    return "activity-cancelled";
  }
}
