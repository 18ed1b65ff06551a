package io.continuum;

/**
 * The run has no handler for this update (its code never registered one with {@link
 * WorkflowContext#onUpdate}, or not before the point the run has reached). Nothing was written.
 *
 * <pre>{@code
 * client.update("order-42", "nope", "x", String.class)
 *     .onFailure(err -> assertThat(err).isInstanceOf(UnknownUpdate.class));
 * }</pre>
 */
public final class UnknownUpdate extends ContinuumException {
  private final String update;

  public UnknownUpdate(String update) {
    super("the run has no update '" + update + "'");
    this.update = update;
  }

  /** The update asked for. */
  public String update() {
    return update;
  }

  @Override
  public String errorType() {
    return "unknown-update";
  }
}
