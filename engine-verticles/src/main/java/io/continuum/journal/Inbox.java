package io.continuum.journal;

import io.continuum.core.event.InboxItem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A run's unconsumed inbox as read at {@code now} (journal time, which becomes the step's time).
 *
 * <pre>{@code
 * journal.inbox(runId).map(inbox -> new StepInput(runId, ns, startedAt, inbox.now(), inbox.items()));
 * }</pre>
 *
 * @param items the items; signals in arrival order
 * @param now when they were read
 */
public record Inbox(List<InboxItem> items, Instant now) {

  /** Validates the inbox. */
  public Inbox {
    items = List.copyOf(items);
    Objects.requireNonNull(now, "now");
  }
}
