package io.continuum.core.replay;

import java.time.Instant;
import java.util.Objects;

/**
 * A durable timer a step creates: a sleep, or the timeout of a signal await. When it fires, the
 * run's inbox gets {@code TimerFired(commandSeq)}.
 *
 * <pre>{@code
 * outcome.timers().forEach(t -> wheel.schedule(runId, t.commandSeq(), t.fireAt()));
 * }</pre>
 *
 * @param commandSeq the seq of the command the timer belongs to
 * @param fireAt when it fires, in journal time
 */
public record TimerRequest(int commandSeq, Instant fireAt) {

  /** Validates the request. */
  public TimerRequest {
    Objects.requireNonNull(fireAt, "fireAt");
  }
}
