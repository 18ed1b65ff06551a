package io.continuum;

/**
 * An update's validator refused it (or its input did not decode to the handler's type). A refusal
 * when the update is asked for writes nothing; the message is the validator's.
 *
 * <pre>{@code
 * client.update("cart-7", "add", new Item("", 0), Integer.class)
 *     .onFailure(err -> { if (err instanceof UpdateRejected r) show(r.getMessage()); });
 * }</pre>
 */
public final class UpdateRejected extends ContinuumException {
  private final String update;

  public UpdateRejected(String update, String message) {
    super(message == null || message.isBlank() ? "update '" + update + "' was rejected" : message);
    this.update = update;
  }

  /** The update that was refused. */
  public String update() {
    return update;
  }

  @Override
  public String errorType() {
    return "update-rejected";
  }
}
