package io.continuum.runtime;

import io.continuum.UnsupportedVertxVersion;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Vert.x line this Continuum is built for, and the check that the application runs on it. An
 * engine deploy and a Postgres journal's creation both check, so an application on another line
 * fails at once with {@link UnsupportedVertxVersion} saying what to align.
 *
 * <pre>{@code
 * SupportedVertx.require();                      // throws UnsupportedVertxVersion on Vert.x 5.1
 * String found = SupportedVertx.hostVersion().orElse("unknown");
 * }</pre>
 */
public final class SupportedVertx {

  /** The supported line: every {@code 5.0.x}. */
  public static final String LINE = "5.0";

  private SupportedVertx() {}

  /** The Vert.x version on the class path, as vertx-core records it in its jar. */
  public static Optional<String> hostVersion() {
    try (InputStream in = Vertx.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Checks the Vert.x on the class path.
   *
   * @throws UnsupportedVertxVersion when it is of another line; a version that cannot be read (a
   *     repackaged jar) passes
   */
  public static void require() {
    hostVersion()
        .filter(v -> !supports(v))
        .ifPresent(
            v -> {
              throw new UnsupportedVertxVersion(v, LINE);
            });
  }

  /**
   * Whether {@code version} belongs to the supported line ({@code 5.0}, {@code 5.0.10-SNAPSHOT}).
   */
  public static boolean supports(String version) {
    return version.equals(LINE) || version.startsWith(LINE + ".") || version.startsWith(LINE + "-");
  }
}
