package io.continuum;

/**
 * An update was applied but its handler threw: the failure is journaled with the update (a retry
 * with the same update id answers it again) and the run goes on.
 *
 * <pre>{@code
 * client.update("cart-7", "add", item, Integer.class)
 *     .onFailure(err -> { if (err instanceof UpdateFailed f) log.warn(f.failure().type()); });
 * }</pre>
 */
public final class UpdateFailed extends ContinuumException {
  private final String update;
  private final Failure failure;

  public UpdateFailed(String update, Failure failure) {
    super("update '" + update + "' failed: " + failure.message());
    this.update = update;
    this.failure = failure;
  }

  /** The update that failed. */
  public String update() {
    return update;
  }

  /** What the handler threw. */
  public Failure failure() {
    return failure;
  }

  @Override
  public String errorType() {
    return "update-failed";
  }
}
