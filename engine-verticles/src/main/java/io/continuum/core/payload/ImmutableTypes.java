package io.continuum.core.payload;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/** Which decoded values are safe to hand to several replays: they cannot be changed in place. */
final class ImmutableTypes {

  private static final Set<Class<?>> LEAVES =
      Set.of(
          String.class,
          Boolean.class,
          Character.class,
          Byte.class,
          Short.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          BigDecimal.class,
          BigInteger.class,
          UUID.class,
          Instant.class,
          LocalDate.class,
          LocalDateTime.class,
          LocalTime.class,
          OffsetDateTime.class,
          ZonedDateTime.class,
          Duration.class);

  private static final ClassValue<Boolean> CACHE =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return compute(type, 0);
        }
      };

  private ImmutableTypes() {}

  static boolean isImmutable(Type type) {
    return type instanceof Class<?> c && CACHE.get(c);
  }

  // A record is immutable when every component is; generic components (List<T>) are not.
  private static boolean compute(Class<?> type, int depth) {
    if (type.isPrimitive() || LEAVES.contains(type) || type.isEnum()) {
      return true;
    }
    if (!type.isRecord() || depth > 8) {
      return false;
    }
    for (var component : type.getRecordComponents()) {
      if (!(component.getGenericType() instanceof Class<?> c) || !compute(c, depth + 1)) {
        return false;
      }
    }
    return true;
  }
}
