package io.continuum.core.payload;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link PayloadCodec}: Jackson with java.time and Optional support, ISO-8601 dates,
 * unknown properties ignored (so adding a field to a record does not break old histories).
 *
 * <pre>{@code
 * ObjectMapper mapper = JacksonPayloadCodec.defaultMapper().registerModule(new MyModule());
 * PayloadCodec codec = JacksonPayloadCodec.create(mapper);
 * }</pre>
 */
public final class JacksonPayloadCodec implements PayloadCodec {

  private final ObjectMapper mapper;
  private final ConcurrentHashMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();

  // A caller's mapper may change how scalars read (custom deserializers): then Jackson decides.
  private final boolean simpleTypesCustomized;

  private JacksonPayloadCodec(ObjectMapper mapper, boolean simpleTypesCustomized) {
    this.mapper = mapper;
    this.simpleTypesCustomized = simpleTypesCustomized;
  }

  /** A codec on {@link #defaultMapper()}. */
  public static JacksonPayloadCodec create() {
    return new JacksonPayloadCodec(defaultMapper(), false);
  }

  /** A codec on the caller's mapper. */
  public static JacksonPayloadCodec create(ObjectMapper mapper) {
    return new JacksonPayloadCodec(mapper, true);
  }

  /** A fresh mapper configured as described above. */
  public static ObjectMapper defaultMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .registerModule(new Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** The underlying mapper. */
  public ObjectMapper mapper() {
    return mapper;
  }

  @Override
  public Payload encode(Object value) {
    if (value == null) {
      return Payload.NULL;
    }
    try {
      // Not cached with the value: the first execution must see what a replay decodes from JSON.
      return Payload.ofJson(mapper.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new PayloadException(
          "cannot encode " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T decode(byte[] json, Type type) {
    if (type instanceof Class<?> c && !simpleTypesCustomized) {
      Object fast = ScalarJson.decode(json, c);
      if (fast != ScalarJson.MISS) {
        return (T) fast;
      }
    }
    ObjectReader reader =
        readers.computeIfAbsent(
            type,
            t -> {
              JavaType javaType = mapper.getTypeFactory().constructType(t);
              return mapper.readerFor(javaType);
            });
    try {
      return reader.readValue(json);
    } catch (IOException e) {
      throw DecodeErrors.of(type, e);
    }
  }
}
