package io.continuum.server;

import io.vertx.pgclient.PgConnectOptions;
import picocli.CommandLine.Option;

/** The {@code --pg-url} of the operations commands; {@code CONTINUUM_PG_URL} when not given. */
final class PgUrlOption {
  @Option(
      names = "--pg-url",
      paramLabel = "URL",
      description =
          "The database: postgresql://user:pass@host:5432/db (default: $CONTINUUM_PG_URL).")
  String url;

  /** The connect options; no URL at all is a {@link ConfigException}. */
  PgConnectOptions connect(Console console) {
    if (url != null) {
      return PgUrl.parse(url, "--pg-url");
    }
    String env = console.env("CONTINUUM_PG_URL");
    if (env == null) {
      throw new ConfigException("give the database with --pg-url URL (or CONTINUUM_PG_URL)");
    }
    return PgUrl.parse(env, "CONTINUUM_PG_URL");
  }
}
