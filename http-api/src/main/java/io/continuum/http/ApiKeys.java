package io.continuum.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys a REST server accepts. Keys are stored hashed; a presented key {@code
 * ck_<id>_<secret>} is looked up by id and its secret compared in constant time with the stored
 * SHA-256. With no keys configured every request is refused (deny by default).
 *
 * <pre>{@code
 * ApiKeys.Generated admin = ApiKeys.generate(Role.ADMIN, Set.of("*"));
 * System.out.println("api-key: " + admin.plainText());        // shown once
 * ApiKeys keys = ApiKeys.of(List.of(admin.key()));
 * keys.write(Path.of("keys.json"));                             // hashes only
 * }</pre>
 */
public final class ApiKeys {
  private static final Pattern PLAIN =
      Pattern.compile("ck_([a-z0-9]{4,32})_([A-Za-z0-9_-]{16,128})");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ApiKey> byId;

  private ApiKeys(Map<String, ApiKey> byId) {
    this.byId = byId;
  }

  /** A key just made: the stored form and the plain text, which is not kept anywhere. */
  public record Generated(ApiKey key, String plainText) {}

  /** The given keys; ids must be unique. */
  public static ApiKeys of(Collection<ApiKey> keys) {
    var byId = new LinkedHashMap<String, ApiKey>();
    for (ApiKey k : keys) {
      if (byId.put(k.id(), k) != null) {
        throw new IllegalArgumentException("duplicate API key id " + k.id());
      }
    }
    return new ApiKeys(java.util.Collections.unmodifiableMap(byId));
  }

  /** No keys: every request is refused. */
  public static ApiKeys none() {
    return new ApiKeys(Map.of());
  }

  /** Makes a random key: a 48-bit id and a 256-bit secret. */
  public static Generated generate(Role role, Set<String> namespaces) {
    byte[] id = new byte[6];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    String idText = HexFormat.of().formatHex(id);
    String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    var key = new ApiKey(idText, sha256(secretText), role, namespaces);
    return new Generated(key, "ck_" + idText + "_" + secretText);
  }

  /**
   * The stored form of a plain key kept by its owner (the dev server's key file, say), with the
   * given role and namespaces.
   *
   * @throws IllegalArgumentException when the text is not a plain key ({@code ck_<id>_<secret>})
   */
  public static Generated fromPlainText(String plainText, Role role, Set<String> namespaces) {
    var m = PLAIN.matcher(plainText == null ? "" : plainText.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not an API key (ck_<id>_<secret>)");
    }
    return new Generated(new ApiKey(m.group(1), sha256(m.group(2)), role, namespaces), m.group(0));
  }

  /** The stored key a presented plain key stands for, if any. */
  public Optional<ApiKey> authenticate(String plainText) {
    if (plainText == null) {
      return Optional.empty();
    }
    var m = PLAIN.matcher(plainText);
    if (!m.matches()) {
      return Optional.empty();
    }
    ApiKey key = byId.get(m.group(1));
    byte[] presented = sha256(m.group(2)).getBytes(StandardCharsets.US_ASCII);
    // Compared even when the id is unknown, so that timing does not tell ids apart.
    byte[] stored =
        (key == null ? "0".repeat(64) : key.sha256()).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(presented, stored) && key != null
        ? Optional.of(key)
        : Optional.empty();
  }

  /** The keys, in the order given. */
  public List<ApiKey> keys() {
    return List.copyOf(byId.values());
  }

  /** These keys plus {@code key}. */
  public ApiKeys with(ApiKey key) {
    var all = new ArrayList<>(byId.values());
    all.add(key);
    return of(all);
  }

  /**
   * Reads a keys file: {@code {"keys":[{"id":…,"sha256":…,"role":"writer","namespaces":[…]}]}}. A
   * missing file is no keys.
   */
  public static ApiKeys read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return none();
    }
    return fromJson(JSON.readTree(file.toFile()));
  }

  /** Parses the {@code keys} array of a keys file or config. */
  public static ApiKeys fromJson(JsonNode root) {
    JsonNode keys = root.isArray() ? root : root.path("keys");
    var all = new ArrayList<ApiKey>();
    for (JsonNode k : keys) {
      var namespaces = new LinkedHashSet<String>();
      k.path("namespaces").forEach(n -> namespaces.add(n.asText()));
      all.add(
          new ApiKey(
              k.path("id").asText(null),
              k.path("sha256").asText(null),
              Role.valueOf(k.path("role").asText("reader").toUpperCase(java.util.Locale.ROOT)),
              namespaces));
    }
    return of(all);
  }

  /** Writes the keys file (hashes only), replacing it atomically. */
  public void write(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode arr = root.putArray("keys");
    for (ApiKey k : byId.values()) {
      ObjectNode o = arr.addObject();
      o.put("id", k.id());
      o.put("sha256", k.sha256());
      o.put("role", k.role().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode ns = o.putArray("namespaces");
      k.namespaces().stream().sorted().forEach(ns::add);
    }
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".keys", ".json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
