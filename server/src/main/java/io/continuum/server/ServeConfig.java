package io.continuum.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.continuum.cluster.ClusterOptions;
import io.continuum.http.ApiKey;
import io.continuum.http.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The file {@code continuum serve --config} reads, YAML or JSON (JSON is YAML too). Unknown keys
 * are errors, so a typo does not silently fall back to a default.
 *
 * <pre>{@code
 * port: 8080
 * host: 0.0.0.0
 * nodeId: node-a
 * requestTimeout: 10s            # a request's deadline: 503 + Retry-After past it
 * management: {host: 127.0.0.1, port: 9090}   # /metrics and /health without keys
 * pg:
 *   url: postgresql://continuum:secret@db:5432/continuum
 *   poolSize: 16
 *   statementTimeout: 30s         # Postgres statement_timeout of every connection
 *   lockTimeout: 3s               # Postgres lock_timeout
 *   listen: true                  # LISTEN/NOTIFY between nodes
 * apiKeysFile: keys.json          # relative to this file; and/or inline:
 * apiKeys:
 *   - {id: k3f9a1c2d4e5, sha256: 9f86d0..., role: writer, namespaces: [orders]}
 * workflows: [com.acme.Checkout]
 * activities: [com.acme.ChargeCard]
 * examples: false
 * engine: {idleRelease: 10s, maxHostedRuns: 100000, snapshotEvery: 64, forwardTimeout: 2s}
 * cluster:                        # join a Hazelcast cluster (see ClusterConfig)
 *   name: orders-prod
 *   host: 10.0.0.5
 *   members: [10.0.0.5:5701, 10.0.0.6:5701]
 * }</pre>
 *
 * @param port the REST API's port (default 8080)
 * @param host the interface it binds (default 0.0.0.0)
 * @param pg the database
 * @param apiKeys inline keys, as in a keys file
 * @param apiKeysFile a keys file, relative to the config file
 * @param nodeId this node's id (default: random)
 * @param workflows workflow classes to register
 * @param activities activity classes to register
 * @param examples whether to register the orders example
 * @param requestTimeout the REST API's deadline per request ({@code 10s}, {@code 500ms}, ISO-8601)
 * @param management a second port for /metrics and /health without keys (none by default)
 * @param engine engine tuning: {@code idleRelease} ({@code 0s}: keep waiting runs in memory),
 *     {@code maxHostedRuns}, {@code snapshotEvery}, {@code forwardTimeout}, {@code leaseTtl},
 *     {@code taskLeaseTtl}
 * @param cluster the Hazelcast cluster this node joins (none by default)
 */
record ServeConfig(
    Integer port,
    String host,
    Pg pg,
    JsonNode apiKeys,
    String apiKeysFile,
    String nodeId,
    List<String> workflows,
    List<String> activities,
    Boolean examples,
    String requestTimeout,
    Management management,
    Engine engine,
    ClusterConfig cluster) {

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /**
   * The {@code pg} section.
   *
   * @param url {@code postgresql://user:pass@host:port/db}
   * @param poolSize connections in the pool (default: 2 per core, plus one)
   * @param statementTimeout the longest a statement may run (default 30 s)
   * @param lockTimeout the longest a statement may wait for a lock (default 3 s)
   * @param listen LISTEN for other nodes' notices and NOTIFY them (default true); false only to see
   *     that a cluster's forwarding alone carries the wakes
   */
  record Pg(
      String url, Integer poolSize, String statementTimeout, String lockTimeout, Boolean listen) {}

  /**
   * The {@code management} section: a port serving {@code /metrics} and {@code /health} without
   * keys, for a scraper or a load balancer.
   *
   * @param host the interface (default 127.0.0.1)
   * @param port the port (0: a free one)
   */
  record Management(String host, Integer port) {}

  /** The {@code engine} section. */
  record Engine(
      String idleRelease,
      Integer maxHostedRuns,
      Integer snapshotEvery,
      String forwardTimeout,
      String leaseTtl,
      String taskLeaseTtl) {
    EngineTuning tuning() {
      Duration idle = null;
      if (idleRelease != null) {
        idle =
            idleRelease.trim().matches("0+(s|ms|m)?|PT0S")
                ? Duration.ZERO
                : duration("engine.idleRelease", idleRelease);
      }
      return new EngineTuning(
          idle,
          maxHostedRuns,
          snapshotEvery,
          duration("engine.forwardTimeout", forwardTimeout),
          duration("engine.leaseTtl", leaseTtl),
          duration("engine.taskLeaseTtl", taskLeaseTtl));
    }
  }

  /** A config with nothing set: everything comes from the environment and the defaults. */
  static ServeConfig empty() {
    return new ServeConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** Reads a config file; a missing or malformed file is a {@link ConfigException}. */
  static ServeConfig read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("the config file " + file + " does not exist");
    }
    try {
      ServeConfig config = YAML.readValue(file.toFile(), ServeConfig.class);
      return config == null ? empty() : config;
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          file
              + ": unknown key '"
              + e.getPropertyName()
              + "' (known: "
              + e.getKnownPropertyIds()
              + ")",
          e);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new ConfigException(
          file + (at == null ? "" : ":" + at.getLineNr()) + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read the config file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The server settings: this file's values, overridden by {@code CONTINUUM_PORT}, {@code
   * CONTINUUM_PG_URL}, {@code CONTINUUM_API_KEYS_FILE}, {@code CONTINUUM_NODE_ID} and {@code
   * CONTINUUM_CLUSTER_*} (see {@link ClusterConfig#resolve}).
   *
   * @param baseDir what a relative {@code apiKeysFile} in the file is relative to
   * @throws ConfigException without a Postgres URL or without any API key
   */
  ServerSettings resolve(Console console, Path baseDir, boolean migrate) {
    EngineTuning tuning = engine == null ? EngineTuning.DEFAULTS : engine.tuning();
    ClusterOptions clusterOptions = ClusterConfig.resolve(cluster, console);
    int resolvedPort = port == null ? 8080 : port;
    String envPort = console.env("CONTINUUM_PORT");
    if (envPort != null) {
      try {
        resolvedPort = Integer.parseInt(envPort.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException("CONTINUUM_PORT is not a port number: " + envPort);
      }
    }
    String url = console.env("CONTINUUM_PG_URL");
    String urlOrigin = "CONTINUUM_PG_URL";
    if (url == null && pg != null) {
      url = pg.url();
      urlOrigin = "pg.url";
    }
    if (url == null || url.isBlank()) {
      throw new ConfigException(
          "serve needs a Postgres database: set pg.url in the config file or CONTINUUM_PG_URL");
    }
    int poolSize = pg == null || pg.poolSize() == null ? 0 : pg.poolSize();
    if (pg != null && pg.poolSize() != null && poolSize < 1) {
      throw new ConfigException("pg.poolSize must be at least 1");
    }
    var journal =
        new JournalSettings.Postgres(
            PgUrl.parse(url, urlOrigin),
            poolSize,
            migrate,
            pg == null || pg.listen() == null || pg.listen(),
            pg == null ? null : duration("pg.statementTimeout", pg.statementTimeout()),
            pg == null ? null : duration("pg.lockTimeout", pg.lockTimeout()));
    String node =
        console.env("CONTINUUM_NODE_ID") != null ? console.env("CONTINUUM_NODE_ID") : nodeId;
    return new ServerSettings(
        host == null ? "0.0.0.0" : host,
        resolvedPort,
        journal,
        keys(console, baseDir),
        node,
        workflows == null ? List.of() : workflows,
        activities == null ? List.of() : activities,
        Boolean.TRUE.equals(examples),
        duration("requestTimeout", requestTimeout),
        management == null || management.host() == null ? "127.0.0.1" : management.host(),
        management == null || management.port() == null ? -1 : management.port(),
        tuning,
        clusterOptions);
  }

  /** {@code 10s}, {@code 500ms}, {@code 2m} or ISO-8601 ({@code PT10S}); null stays null. */
  static Duration duration(String key, String text) {
    if (text == null) {
      return null;
    }
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new ConfigException(key + " is not a duration (10s, 500ms, 2m or PT10S): " + text);
    }
    if (d.isZero() || d.isNegative()) {
      throw new ConfigException(key + " must be positive: " + text);
    }
    return d;
  }

  /** The URL the settings connect to, without its password (for the startup output). */
  String redactedUrl(Console console) {
    String url = console.env("CONTINUUM_PG_URL");
    return PgUrl.redact(url != null ? url : pg.url());
  }

  private ApiKeys keys(Console console, Path baseDir) {
    List<ApiKey> all = new ArrayList<>();
    if (apiKeys != null && !apiKeys.isNull()) {
      try {
        all.addAll(ApiKeys.fromJson(apiKeys).keys());
      } catch (RuntimeException e) {
        throw new ConfigException("apiKeys: " + ServerAssembly.message(e), e);
      }
    }
    String envFile = console.env("CONTINUUM_API_KEYS_FILE");
    Path file =
        envFile != null
            ? Path.of(envFile)
            : apiKeysFile == null ? null : baseDir.resolve(apiKeysFile);
    if (file != null) {
      all.addAll(KeysFile.read(file, true).keys());
    }
    if (all.isEmpty()) {
      throw new ConfigException(
          "serve needs at least one API key: set apiKeys or apiKeysFile in the config file, or"
              + " CONTINUUM_API_KEYS_FILE (make one with 'continuum keys create')");
    }
    try {
      return ApiKeys.of(all);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("apiKeys: " + e.getMessage(), e);
    }
  }
}
