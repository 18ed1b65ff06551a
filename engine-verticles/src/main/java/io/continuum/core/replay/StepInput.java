package io.continuum.core.replay;

import io.continuum.core.event.InboxItem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a step sees besides the history: the run's identity, the step's time and the inbox.
 *
 * <pre>{@code
 * var input = new StepInput(runId, "default", inbox.now(), inbox.items());
 * }</pre>
 *
 * @param runId the run id
 * @param namespace the run's namespace
 * @param now the step's time; {@code ctx.now()} and new timers use it (truncated to milliseconds)
 * @param inbox the unconsumed inbox items, signals in arrival order
 */
public record StepInput(String runId, String namespace, Instant now, List<InboxItem> inbox) {

  /** Validates the input. */
  public StepInput {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(namespace, "namespace");
    now = Objects.requireNonNull(now, "now").truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    inbox = List.copyOf(inbox);
  }
}
