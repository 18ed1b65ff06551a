package io.continuum;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a helper class as deterministic workflow code. The determinism check follows calls from a
 * workflow into a {@code @Pure} class and scans the called code with the same rules as the
 * workflow's own (an {@code Instant.now()} in a {@code @Pure} helper is still an error), and the
 * workflow's version hash covers the helper's bytecode, so changing a helper changes the version of
 * every workflow that calls it.
 *
 * <pre>{@code
 * @Pure
 * public final class Pricing {
 *   public static long totalCents(List<Line> lines) {
 *     return lines.stream().mapToLong(l -> l.cents() * l.quantity()).sum();
 *   }
 * }
 * }</pre>
 *
 * <p>Calls from a workflow into classes that are neither {@code @Pure}, records, enums, exceptions,
 * trusted JDK classes nor trusted in {@link io.continuum.determinism.DeterminismOptions} are
 * reported as {@code unknown-call} warnings.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Pure {}
