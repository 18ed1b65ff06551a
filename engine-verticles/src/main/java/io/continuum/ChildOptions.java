package io.continuum;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a child run is started. By default its id is derived from the parent's id, the child's
 * workflow type and the ordinal of the start call ({@code order-42:child-orders.ship-0}); an {@code
 * id} makes it {@code <parent id>:<id>}, which reads better in the observer and must be unique
 * among the parent's children. Either way, replaying the parent never starts a child twice. A child
 * runs in its parent's namespace and starts with the given search attributes.
 *
 * <pre>{@code
 * ctx.child(PackItem.class, item,
 *     ChildOptions.defaults().id("pack-" + item.sku()).attributes(Map.of("sku", item.sku())));
 * }</pre>
 *
 * @param id the child's id within its parent, or null to derive one: 1 to 64 characters of {@code
 *     [A-Za-z0-9._-]}
 * @param attributes the child's initial search attributes
 */
public record ChildOptions(String id, Map<String, Object> attributes) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final ChildOptions DEFAULTS = new ChildOptions(null, Map.of());

  /** Validates the options. */
  public ChildOptions {
    if (id != null && !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a child id is 1 to 64 characters of [A-Za-z0-9._-], got '" + id + "'");
    }
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
  }

  /** A derived id and no attributes. */
  public static ChildOptions defaults() {
    return DEFAULTS;
  }

  /** These options with the child's id within its parent. */
  public ChildOptions id(String childId) {
    return new ChildOptions(childId, attributes);
  }

  /** These options with the child's initial search attributes. */
  public ChildOptions attributes(Map<String, ?> childAttributes) {
    return new ChildOptions(id, Map.copyOf(childAttributes));
  }
}
