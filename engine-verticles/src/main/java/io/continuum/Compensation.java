package io.continuum;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * What undoes an activity in a saga: the compensation activity's type and, optionally, how its
 * input is made from the original activity's input and result. Set it with {@link
 * ActivityOptions#compensateWith}; run it with {@link WorkflowContext#compensate} or {@link
 * WorkflowContext#compensateAll}.
 *
 * <pre>{@code
 * var options = ActivityOptions.defaults()
 *     .compensateWith(RefundCard.class, (Payment p, ChargeId id) -> new Refund(id, p.amount()));
 * }</pre>
 *
 * <p>Only {@link #activityType()} is journaled (in the {@code options} of {@code
 * activity_scheduled}); the mapper is code. It runs in workflow code when the compensation is
 * scheduled, on the first execution only, and must be deterministic like the rest of the workflow.
 * Two compensations are equal when their activity types are: a decoded history has no mapper.
 *
 * @param activityType the compensation activity's type name
 * @param input maps (original input, original result) to the compensation's input; null to pass the
 *     original activity's input unchanged
 */
public record Compensation(String activityType, BiFunction<Object, Object, Object> input) {

  /** Validates the compensation. */
  public Compensation {
    Objects.requireNonNull(activityType, "activityType");
    if (activityType.isBlank()) {
      throw new IllegalArgumentException("a compensation's activity type must not be blank");
    }
  }

  /** The compensation by activity class, receiving the original activity's input. */
  public static Compensation of(Class<? extends ActivityDefinition<?, ?>> activity) {
    return new Compensation(typeName(activity), null);
  }

  /** The compensation by activity class, with its input made by {@code input}. */
  @SuppressWarnings("unchecked")
  public static <I, O, C> Compensation of(
      Class<? extends ActivityDefinition<C, ?>> activity,
      BiFunction<? super I, ? super O, ? extends C> input) {
    Objects.requireNonNull(input, "input");
    return new Compensation(typeName(activity), (BiFunction<Object, Object, Object>) input);
  }

  /**
   * The compensation's input for an activity that took {@code original} and returned {@code
   * result}.
   */
  public Object inputFor(Object original, Object result) {
    return input == null ? original : input.apply(original, result);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Compensation c && c.activityType.equals(activityType);
  }

  @Override
  public int hashCode() {
    return activityType.hashCode();
  }

  @Override
  public String toString() {
    return "Compensation[" + activityType + "]";
  }

  private static String typeName(Class<?> activity) {
    Objects.requireNonNull(activity, "activity");
    ActivityType named = activity.getAnnotation(ActivityType.class);
    return named != null ? named.value() : activity.getSimpleName();
  }
}
