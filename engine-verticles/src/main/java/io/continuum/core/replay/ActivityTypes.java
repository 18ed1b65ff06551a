package io.continuum.core.replay;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.continuum.ActivityDefinition;
import io.continuum.ActivityType;
import java.lang.reflect.Type;

/**
 * The name and value types of an activity class, resolved once per class.
 *
 * <pre>{@code
 * ActivityTypes.Info info = ActivityTypes.of(ChargeCard.class);
 * info.name();        // "ChargeCard" or its @ActivityType
 * info.resultType();  // ChargeId
 * }</pre>
 */
public final class ActivityTypes {

  /**
   * What replay needs to know about an activity class.
   *
   * @param name the activity type name
   * @param inputType the input type
   * @param resultType the result type
   */
  public record Info(String name, Type inputType, Type resultType) {}

  private static final ClassValue<Info> CACHE =
      new ClassValue<>() {
        @Override
        protected Info computeValue(Class<?> type) {
          return resolve(type);
        }
      };

  private ActivityTypes() {}

  /** Resolves (and caches) an activity class. */
  public static Info of(Class<?> activityClass) {
    return CACHE.get(activityClass);
  }

  /** The type name of an activity class: its {@link ActivityType} or its simple name. */
  public static String typeName(Class<?> activityClass) {
    ActivityType named = activityClass.getAnnotation(ActivityType.class);
    return named != null ? named.value() : activityClass.getSimpleName();
  }

  private static Info resolve(Class<?> type) {
    if (!ActivityDefinition.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(type.getName() + " is not an Activity or AsyncActivity");
    }
    JavaType[] io =
        TypeFactory.defaultInstance().findTypeParameters(type, ActivityDefinition.class);
    if (io == null || io.length != 2) {
      throw new IllegalArgumentException(
          type.getName()
              + " must implement Activity<I, O> or AsyncActivity<I, O> with concrete"
              + " type arguments");
    }
    return new Info(typeName(type), valueType(io[0]), valueType(io[1]));
  }

  /**
   * The plain class when the type has no type arguments (so decoded immutable values can be cached
   * by class), else the full generic type.
   */
  static Type valueType(JavaType type) {
    return type.getBindings().isEmpty() && !type.isContainerType() ? type.getRawClass() : type;
  }
}
