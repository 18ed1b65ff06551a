package io.continuum.core.payload;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A journaled value as JSON bytes, with its last decoded form cached when that form is immutable
 * (so warm replays do not decode twice and no replay can see another's mutations).
 *
 * <pre>{@code
 * Payload p = codec.encode(new Order("o-1", 42));
 * Order o = p.decode(codec, Order.class);
 * }</pre>
 */
public final class Payload {

  /** The JSON {@code null} payload. */
  public static final Payload NULL = new Payload("null".getBytes(StandardCharsets.UTF_8));

  /** The empty JSON object. */
  public static final Payload EMPTY_OBJECT = new Payload("{}".getBytes(StandardCharsets.UTF_8));

  private final byte[] json;
  private volatile Decoded cache;

  private record Decoded(Type type, Object value) {}

  private Payload(byte[] json) {
    this.json = json;
  }

  /** Wraps JSON bytes; the array is owned by the payload from now on and must not change. */
  public static Payload ofJson(byte[] json) {
    Objects.requireNonNull(json, "json");
    return json.length == 4 && Arrays.equals(json, NULL.json) ? NULL : new Payload(json);
  }

  /** Wraps JSON text. */
  public static Payload ofJson(String json) {
    return ofJson(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The JSON bytes. Callers must not modify the returned array. */
  public byte[] json() {
    return json;
  }

  /** The JSON as text. */
  public String jsonText() {
    return new String(json, StandardCharsets.UTF_8);
  }

  /** Decodes the payload, reusing the cached value for immutable types. */
  @SuppressWarnings("unchecked")
  public <T> T decode(PayloadCodec codec, Type type) {
    Decoded d = cache;
    if (d != null && d.type.equals(type)) {
      return (T) d.value;
    }
    T value = codec.decode(json, type);
    if (value != null && ImmutableTypes.isImmutable(type)) {
      cache = new Decoded(type, value);
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Payload p && Arrays.equals(json, p.json);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(json);
  }

  @Override
  public String toString() {
    return jsonText();
  }
}
