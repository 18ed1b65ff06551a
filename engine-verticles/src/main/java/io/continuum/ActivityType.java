package io.continuum;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an activity type. Without it, the type name is the class's simple name. Histories record
 * the name, so renaming an activity class without this annotation is a replay-breaking change.
 *
 * <pre>{@code
 * @ActivityType("payments.charge")
 * public final class ChargeCard implements Activity<Payment, ChargeId> { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ActivityType {
  /** The activity type name. */
  String value();
}
