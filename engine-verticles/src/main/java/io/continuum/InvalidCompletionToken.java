package io.continuum;

/**
 * A completion token that does not verify: forged, altered, truncated, or made for a namespace this
 * caller cannot reach. Nothing was written; the REST API answers 404.
 *
 * <pre>{@code
 * client.completeActivity(token, result)
 *     .onFailure(err -> { if (err instanceof InvalidCompletionToken) log.warn("bad token"); });
 * }</pre>
 */
public final class InvalidCompletionToken extends ContinuumException {

  public InvalidCompletionToken() {
    super("no activity attempt has this completion token");
  }

  @Override
  public String errorType() {
    return "invalid-completion-token";
  }
}
