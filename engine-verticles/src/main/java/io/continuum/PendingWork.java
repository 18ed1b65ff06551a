package io.continuum;

import java.time.Instant;
import java.util.List;

/**
 * What a run waits on that its history does not show yet: its activities between attempts or in one
 * (with the attempt, the last error and when the next may start) and the signals in its mailbox
 * that no step has consumed. A view for people; the journal is the truth.
 *
 * <pre>{@code
 * client.pendingWork("order-42").onSuccess(w -> w.activities().forEach(a ->
 *     log.info("{} attempt {} of {}: {}", a.activityType(), a.attempt(), a.maxAttempts(),
 *         a.lastFailure() == null ? "no failure yet" : a.lastFailure().message())));
 * }</pre>
 *
 * @param activities the run's unfinished activities, by seq
 * @param mailbox the signals waiting in its mailbox, oldest first
 */
public record PendingWork(List<Activity> activities, List<Signal> mailbox) {

  /** Copies the lists. */
  public PendingWork {
    activities = List.copyOf(activities);
    mailbox = List.copyOf(mailbox);
  }

  /**
   * An unfinished activity.
   *
   * @param seq the seq of the event that scheduled it
   * @param activityType the activity type name
   * @param attempt attempts started so far
   * @param maxAttempts the most attempts it gets
   * @param running whether an attempt runs now
   * @param nextAttemptAt when the next attempt may start, when none runs
   * @param lastFailure the last failed attempt's error, or null
   * @param heartbeatJson the last details an attempt heartbeated (its progress), as JSON, or null
   */
  public record Activity(
      int seq,
      String activityType,
      int attempt,
      int maxAttempts,
      boolean running,
      Instant nextAttemptAt,
      Failure lastFailure,
      String heartbeatJson) {

    /** An activity that never heartbeated. */
    public Activity(
        int seq,
        String activityType,
        int attempt,
        int maxAttempts,
        boolean running,
        Instant nextAttemptAt,
        Failure lastFailure) {
      this(seq, activityType, attempt, maxAttempts, running, nextAttemptAt, lastFailure, null);
    }
  }

  /**
   * A signal in the mailbox.
   *
   * @param name the signal's name
   * @param payloadJson its body, as JSON
   */
  public record Signal(String name, String payloadJson) {}
}
