package io.continuum.core.replay;

import io.continuum.core.event.Event;
import io.continuum.core.payload.Payload;
import java.util.Objects;

/**
 * A child run a step starts, created by the journal in the step's transaction: unleased and
 * runnable, with {@code started} as its first event, {@code parent_seq} = {@code seq}, and the
 * parent's id and depth + 1 (both in {@code started}).
 *
 * <pre>{@code
 * for (ChildRequest c : outcome.children()) log.info("starting {}", c.started().runId());
 * }</pre>
 *
 * @param seq the seq of the parent's {@code child_started}
 * @param started the child's {@code run_started}
 * @param inputHash the hash of the child's input (its runs' {@code input_hash})
 * @param versionHash the version the child starts on (the newest registered), or null
 * @param attributes the child's initial search attributes, a JSON object
 */
public record ChildRequest(
    int seq, Event.RunStarted started, String inputHash, String versionHash, Payload attributes) {

  /** Validates the request. */
  public ChildRequest {
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(inputHash, "inputHash");
    Objects.requireNonNull(attributes, "attributes");
    if (started.parentId() == null) {
      throw new IllegalArgumentException("a child's run_started names its parent");
    }
  }

  /** The child's run id. */
  public String childId() {
    return started.runId();
  }
}
