package io.continuum.journal;

import io.continuum.RunState;
import io.continuum.core.event.InboxItem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A run's unconsumed inbox as read at {@code now} (journal time, which becomes the step's time),
 * with the run's state and lease token at that moment, so a host learns when a run it holds was
 * ended or taken over by someone else.
 *
 * <pre>{@code
 * journal.inbox(runId).map(inbox -> new StepInput(runId, ns, startedAt, inbox.now(), inbox.items()));
 * }</pre>
 *
 * @param items the items; signals in arrival order
 * @param now when they were read
 * @param state the run's state
 * @param leaseToken the run's lease token (0 when unleased)
 */
public record Inbox(List<InboxItem> items, Instant now, RunState state, long leaseToken) {

  /** Validates the inbox. */
  public Inbox {
    items = List.copyOf(items);
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(state, "state");
  }
}
