package io.continuum.core.payload;

/**
 * A value could not be turned into JSON, or JSON could not be read as the requested type. For a
 * decode, {@link #path()} says where in the document (a JSONPath like {@code $.items[0].sku}, or
 * {@code $} for the whole) and {@link #reason()} what is wrong there, in words that name no Java
 * class: a missing required field, a type mismatch, an unknown enum value.
 *
 * <pre>{@code
 * try { codec.decode(json, Order.class); }
 * catch (PayloadException e) { log.warn("input at {}: {}", e.path(), e.reason()); }
 * }</pre>
 */
public final class PayloadException extends IllegalArgumentException {
  private final String path;
  private final String reason;

  public PayloadException(String message, Throwable cause) {
    this(message, "$", message, cause);
  }

  public PayloadException(String message, String path, String reason, Throwable cause) {
    super(message, cause);
    this.path = path;
    this.reason = reason;
  }

  /** Where the problem is, as a JSONPath ({@code $} for the whole document). */
  public String path() {
    return path;
  }

  /** What is wrong there, for people; never a class name. */
  public String reason() {
    return reason;
  }
}
