package io.continuum.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the run commands send their requests: {@code --server} ({@code CONTINUUM_SERVER}, default
 * the local dev server), {@code --namespace}, {@code --api-key} ({@code CONTINUUM_API_KEY}; for a
 * local server, the dev key file in {@code --data-dir} when neither is given), {@code --json}.
 */
final class ServerOptions {
  static final String LOCAL = "http://127.0.0.1:8080";

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "The Continuum server (default: $CONTINUUM_SERVER, else " + LOCAL + ").")
  String server;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      defaultValue = "default",
      description = "The namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "The API key (default: $CONTINUUM_API_KEY; for a local server, the dev key in"
              + " <data-dir>/dev-api-key).")
  String apiKey;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = ".continuum-dev",
      description = "Where a local dev server keeps its key (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--json", description = "Print the server's JSON instead of a table.")
  boolean json;

  RestClient client(Console console) {
    String base = server != null ? server : console.env("CONTINUUM_SERVER");
    if (base == null || base.isBlank()) {
      base = LOCAL;
    }
    URI uri;
    try {
      uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--server is not a URL: " + base);
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new ConfigException("--server is not an http(s) URL: " + base);
    }
    return new RestClient(uri, key(console, uri));
  }

  private String key(Console console, URI server) {
    if (apiKey != null) {
      return apiKey;
    }
    String env = console.env("CONTINUUM_API_KEY");
    if (env != null) {
      return env;
    }
    String host = server.getHost();
    Path devKey = dataDir.resolve(DevServer.KEY_FILE);
    if ((host.equals("127.0.0.1") || host.equals("localhost")) && Files.isRegularFile(devKey)) {
      try {
        return Files.readString(devKey).strip();
      } catch (IOException e) {
        throw new ConfigException("cannot read the dev key " + devKey + ": " + e.getMessage());
      }
    }
    throw new ConfigException(
        "give an API key with --api-key or CONTINUUM_API_KEY (no dev key at " + devKey + ")");
  }
}
