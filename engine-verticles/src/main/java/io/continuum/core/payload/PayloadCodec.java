package io.continuum.core.payload;

import java.lang.reflect.Type;

/**
 * Turns workflow inputs, results, signal payloads and activity values into JSON bytes and back. The
 * default is {@link JacksonPayloadCodec}; supply your own {@code ObjectMapper} to it to register
 * modules.
 *
 * <pre>{@code
 * PayloadCodec codec = JacksonPayloadCodec.create();
 * Payload p = codec.encode(order);
 * Order back = p.decode(codec, Order.class);
 * }</pre>
 */
public interface PayloadCodec {

  /**
   * Encodes a value as JSON.
   *
   * @throws PayloadException when the value cannot be serialized
   */
  Payload encode(Object value);

  /**
   * Decodes JSON bytes as the given type.
   *
   * @throws PayloadException when the bytes do not fit the type
   */
  <T> T decode(byte[] json, Type type);
}
