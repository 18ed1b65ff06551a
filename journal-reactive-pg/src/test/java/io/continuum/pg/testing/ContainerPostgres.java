package io.continuum.pg.testing;

import io.vertx.pgclient.PgConnectOptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** A Testcontainers Postgres, when a Docker engine answers; null otherwise. */
final class ContainerPostgres {
  private ContainerPostgres() {}

  static PgConnectOptions startIfDockerAnswers() {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      docker = false;
    }
    if (!docker) {
      return null;
    }
    var pg =
        new PostgreSQLContainer("postgres:17-alpine")
            .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200");
    pg.start();
    return new PgConnectOptions()
        .setHost(pg.getHost())
        .setPort(pg.getMappedPort(5432))
        .setUser(pg.getUsername())
        .setPassword(pg.getPassword())
        .setDatabase("postgres");
  }
}
