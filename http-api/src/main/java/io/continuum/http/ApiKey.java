package io.continuum.http;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A stored API key: its public id, the SHA-256 of its secret (never the secret), its role and the
 * namespaces it may act in ({@code *} for all). The plain key, {@code ck_<id>_<secret>}, is shown
 * once when the key is made ({@link ApiKeys#generate}).
 *
 * <pre>{@code
 * new ApiKey("k3f9a1c2d4e5", "9f86d0…", Role.READER, Set.of("orders", "billing"));
 * }</pre>
 *
 * @param id the key's public id: 4 to 32 lower-case letters and digits
 * @param sha256 the hex SHA-256 of the secret part
 * @param role what the key may do
 * @param namespaces where it may do it; {@code *} for every namespace
 */
public record ApiKey(String id, String sha256, Role role, Set<String> namespaces) {

  /** Key ids. */
  public static final Pattern ID = Pattern.compile("[a-z0-9]{4,32}");

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  /** Validates the key. */
  public ApiKey {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("an API key id is 4-32 characters of [a-z0-9]");
    }
    if (sha256 == null || !HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("an API key hash is 64 lower-case hex digits");
    }
    Objects.requireNonNull(role, "role");
    namespaces = Set.copyOf(namespaces);
    if (namespaces.isEmpty()) {
      throw new IllegalArgumentException("an API key needs at least one namespace (or *)");
    }
  }

  /** Whether the key may act in {@code namespace}. */
  public boolean covers(String namespace) {
    return namespaces.contains("*") || namespaces.contains(namespace);
  }
}
