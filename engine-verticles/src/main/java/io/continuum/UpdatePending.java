package io.continuum;

/**
 * The caller's wait ran out before the update's step committed. The update is queued and will be
 * applied (unless the run ends first); send it again with the same {@link #updateId()} to wait for
 * its answer.
 *
 * <pre>{@code
 * client.update(runId, "add", item, Integer.class, UpdateOptions.withId(id).withTimeout(d))
 *     .recover(err -> err instanceof UpdatePending
 *         ? client.update(runId, "add", item, Integer.class, UpdateOptions.withId(id))
 *         : Future.failedFuture(err));
 * }</pre>
 */
public final class UpdatePending extends ContinuumException {
  private final String updateId;

  public UpdatePending(String updateId) {
    super("update '" + updateId + "' is queued but was not applied within the wait");
    this.updateId = updateId;
  }

  /** The id to send it again with. */
  public String updateId() {
    return updateId;
  }

  @Override
  public String errorType() {
    return "update-pending";
  }
}
