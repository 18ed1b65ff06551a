package io.continuum.core.payload;

/**
 * A value could not be turned into JSON, or JSON could not be read as the requested type.
 *
 * <pre>{@code
 * try { codec.encode(new Object() { Thread t = Thread.currentThread(); }); }
 * catch (PayloadException e) { ... }
 * }</pre>
 */
public final class PayloadException extends IllegalArgumentException {

  public PayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
