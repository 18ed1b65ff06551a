package io.continuum.server;

import io.vertx.pgclient.PgConnectOptions;
import java.util.regex.Pattern;

/** Postgres URLs ({@code postgresql://user:pass@host:port/db?params}) as the CLI takes them. */
final class PgUrl {
  private static final Pattern USER_PASSWORD =
      Pattern.compile("^(postgres(?:ql)?://[^:@/?]+):[^@/?]*@");
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("([?&]password=)[^&]*", Pattern.CASE_INSENSITIVE);

  private PgUrl() {}

  /** Connect options for {@code url}; a malformed URL is a {@link ConfigException}. */
  static PgConnectOptions parse(String url, String origin) {
    if (url == null || url.isBlank()) {
      throw new ConfigException(origin + " is empty");
    }
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new ConfigException(
          origin + " must look like postgresql://user:password@host:5432/database");
    }
    try {
      return PgConnectOptions.fromUri(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(origin + " is not a valid Postgres URL: " + e.getMessage(), e);
    }
  }

  /**
   * Options for running migrations: the server's NOTICEs ("relation … already exists, skipping")
   * are not shown, since re-running a migration check is normal.
   */
  static PgConnectOptions quiet(PgConnectOptions connect) {
    return new PgConnectOptions(connect).addProperty("client_min_messages", "warning");
  }

  /** The URL without its password, for output and logs. */
  static String redact(String url) {
    String noUserPassword = USER_PASSWORD.matcher(url).replaceFirst("$1@");
    return PASSWORD_PARAM.matcher(noUserPassword).replaceAll("$1***");
  }
}
