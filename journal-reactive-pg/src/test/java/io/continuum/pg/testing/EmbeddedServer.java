package io.continuum.pg.testing;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** An embedded Postgres (zonky) for this JVM, stopped when the JVM exits. */
final class EmbeddedServer {
  private EmbeddedServer() {}

  static PgConnectOptions start() {
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .setServerConfig("max_connections", "200")
              .setServerConfig("timezone", "America/New_York")
              .start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      pg.close();
                    } catch (IOException ignored) {
                      // the JVM is going away anyway
                    }
                  }));
      return new PgConnectOptions()
          .setHost("localhost")
          .setPort(pg.getPort())
          .setUser("postgres")
          .setPassword("")
          .setDatabase("postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("could not start an embedded Postgres", e);
    }
  }
}
