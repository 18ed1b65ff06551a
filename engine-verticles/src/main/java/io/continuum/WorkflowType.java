package io.continuum;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a workflow type. Without it, the type name is the class's simple name. The name is what
 * runs record and what clients start, so it must stay stable across deploys.
 *
 * <pre>{@code
 * @WorkflowType("orders.checkout")
 * public final class Checkout implements Workflow<Order, Receipt> { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WorkflowType {
  /** The workflow type name. */
  String value();
}
