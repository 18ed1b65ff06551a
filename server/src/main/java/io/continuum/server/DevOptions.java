package io.continuum.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How {@code continuum dev} runs.
 *
 * <pre>{@code
 * DevOptions embedded =
 *     new DevOptions(Path.of(".continuum-dev"), "127.0.0.1", 8080, 0, null, false);
 * DevOptions memory = new DevOptions(Path.of("/tmp/dev"), "127.0.0.1", 0, 0, null, true);
 * DevOptions twoNodes = new DevOptions(Path.of(".continuum-dev"), "127.0.0.1", 8080, 0, null,
 *     false, false, List.of(), true, true);   // REST APIs on 8080 and 8081
 * }</pre>
 *
 * @param dataDir where the embedded Postgres keeps its data ({@code <dataDir>/pg}) and where the
 *     dev API key is written ({@code <dataDir>/dev-api-key})
 * @param host the interface the REST API binds
 * @param port the REST API's port; 0 picks a free one
 * @param pgPort the embedded Postgres port; 0 picks a free one
 * @param pgUrl a real Postgres to use instead of the embedded one, or null
 * @param inMemory use the in-memory journal: no database at all
 * @param newKey make a new dev API key instead of reading back the one in the data directory
 * @param classpath the user's classes directories and jars: their workflows and activities are
 *     registered, and reloaded when they change
 * @param examples whether to register the orders examples too
 * @param cluster start a second node in this process, both in a Hazelcast cluster on 127.0.0.1 and
 *     on the same database; its REST API on {@code port + 1} (a free one when {@code port} is 0)
 */
public record DevOptions(
    Path dataDir,
    String host,
    int port,
    int pgPort,
    String pgUrl,
    boolean inMemory,
    boolean newKey,
    List<Path> classpath,
    boolean examples,
    boolean cluster) {

  /** Options that keep the dev key of an earlier start, with the examples and no user code. */
  public DevOptions(
      Path dataDir, String host, int port, int pgPort, String pgUrl, boolean inMemory) {
    this(dataDir, host, port, pgPort, pgUrl, inMemory, false, List.of(), true);
  }

  /** Options for one node. */
  public DevOptions(
      Path dataDir,
      String host,
      int port,
      int pgPort,
      String pgUrl,
      boolean inMemory,
      boolean newKey,
      List<Path> classpath,
      boolean examples) {
    this(dataDir, host, port, pgPort, pgUrl, inMemory, newKey, classpath, examples, false);
  }

  /** Validates the options. */
  public DevOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    if (pgUrl != null && inMemory) {
      throw new ConfigException("--pg-url and --in-memory exclude each other");
    }
    if (port < 0 || port > 65535 || pgPort < 0 || pgPort > 65535) {
      throw new ConfigException("ports are between 0 and 65535");
    }
    if (cluster && inMemory) {
      throw new ConfigException(
          "--cluster needs a database both nodes share: drop --in-memory (the embedded Postgres"
              + " or --pg-url)");
    }
    if (cluster && port == 65535) {
      throw new ConfigException(
          "--cluster puts the second node's API on --port + 1: choose a port below 65535");
    }
    classpath = List.copyOf(classpath);
    if (!examples && classpath.isEmpty()) {
      throw new ConfigException(
          "--no-examples needs --classpath or --jar: there would be no workflow");
    }
  }
}
