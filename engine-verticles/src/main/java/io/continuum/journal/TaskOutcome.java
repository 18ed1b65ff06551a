package io.continuum.journal;

import io.continuum.Failure;
import io.continuum.core.payload.Payload;
import java.util.Objects;

/**
 * The final outcome of an activity task: its result, or its failure after the last attempt.
 *
 * <pre>{@code
 * journal.completeTask(task.taskId(), task.leaseToken(), TaskOutcome.success(result, task.attempt()));
 * }</pre>
 */
public sealed interface TaskOutcome {

  /** How many attempts ran. */
  int attempts();

  /** The activity returned a result. */
  record Success(Payload result, int attempts) implements TaskOutcome {
    public Success {
      Objects.requireNonNull(result, "result");
    }
  }

  /** The activity failed for good. */
  record Failed(Failure failure, int attempts) implements TaskOutcome {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }

  static TaskOutcome success(Payload result, int attempts) {
    return new Success(result, attempts);
  }

  static TaskOutcome failed(Failure failure, int attempts) {
    return new Failed(failure, attempts);
  }
}
