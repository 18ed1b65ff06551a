package io.continuum;

import java.util.List;
import java.util.Objects;

/**
 * What {@link WorkflowContext#compensate} or {@link WorkflowContext#compensateAll} ran, in the
 * order it ran them. A compensation that failed after its last attempt is journaled as {@code
 * compensation_failed} and listed here; it does not fail the run.
 *
 * <pre>{@code
 * CompensationResult undone = ctx.compensateAll();
 * if (!undone.succeeded()) ctx.activity(AlertOperator.class, undone.failed().toString());
 * }</pre>
 *
 * @param outcomes one per compensation run, most recent activity first
 */
public record CompensationResult(List<Outcome> outcomes) {

  /** Nothing was compensated. */
  public static final CompensationResult NONE = new CompensationResult(List.of());

  /** Copies the outcomes. */
  public CompensationResult {
    outcomes = List.copyOf(outcomes);
  }

  /**
   * One compensation.
   *
   * @param compensationType the compensation activity's type
   * @param activitySeq the seq of the compensated activity's {@code activity_scheduled}
   * @param attempts how many attempts the compensation took
   * @param failure the last attempt's error, or null when it completed
   */
  public record Outcome(String compensationType, int activitySeq, int attempts, Failure failure) {
    /** Validates the outcome. */
    public Outcome {
      Objects.requireNonNull(compensationType, "compensationType");
    }

    /** Whether the compensation completed. */
    public boolean succeeded() {
      return failure == null;
    }
  }

  /** Whether every compensation completed. */
  public boolean succeeded() {
    return outcomes.stream().allMatch(Outcome::succeeded);
  }

  /** The compensations that failed after their last attempt. */
  public List<Outcome> failed() {
    return outcomes.stream().filter(o -> !o.succeeded()).toList();
  }
}
