package io.continuum.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code continuum dev}: everything on one machine, for trying Continuum out. */
@Command(
    name = "dev",
    header = "Run a development server: embedded Postgres, the examples, the REST API.",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description =
        "Runs a development server: an embedded Postgres (data kept in --data-dir), the "
            + "example workflows (orders.checkout), the REST API and /metrics, with an admin API "
            + "key for every namespace. The key is printed and kept in <data-dir>/dev-api-key: the "
            + "next start reads it back (--new-key makes a new one). Ctrl+C stops it.")
final class DevCommand implements Callable<Integer> {
  private final Console console;

  @Option(
      names = "--data-dir",
      defaultValue = ".continuum-dev",
      paramLabel = "DIR",
      description =
          "Where the embedded Postgres data and the dev key live (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "Interface the REST API binds (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "REST API port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--pg-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Embedded Postgres port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int pgPort;

  @Option(
      names = "--pg-url",
      paramLabel = "URL",
      description =
          "Use this Postgres instead of the embedded one (postgresql://user:pass@host:5432/db);"
              + " migrations are applied to it.")
  String pgUrl;

  @Option(
      names = "--in-memory",
      description = "Keep runs in memory: no database at all, nothing survives a restart.")
  boolean inMemory;

  @Option(
      names = {"--classpath", "-cp"},
      paramLabel = "PATHS",
      split = "[:;]",
      description =
          "Your classes directories and jars (separated by ':'): their workflows and activities"
              + " are registered, and reloaded when you recompile.")
  List<Path> classpath;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description =
          "Your application jar (its workflows and activities; reloaded when it changes).")
  List<Path> jars;

  @Option(names = "--no-examples", description = "Do not register the orders examples.")
  boolean noExamples;

  @Option(
      names = "--quiet",
      description =
          "Do not print a line for each failed activity attempt, failed run and drifted run.")
  boolean quiet;

  @Option(
      names = "--cluster",
      description =
          "Start a second node in this process, both in a Hazelcast cluster on 127.0.0.1 and on"
              + " the same Postgres: its REST API on --port + 1 (a free port with --port 0), the"
              + " same key. For trying a cluster.")
  boolean cluster;

  @Option(
      names = "--new-key",
      description =
          "Make a new admin API key (the old one stops working) instead of reading back the one"
              + " in <data-dir>/dev-api-key.")
  boolean newKey;

  DevCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    List<Path> code = new ArrayList<>();
    if (classpath != null) {
      code.addAll(classpath);
    }
    if (jars != null) {
      code.addAll(jars);
    }
    var options =
        new DevOptions(
            dataDir, host, port, pgPort, pgUrl, inMemory, newKey, code, !noExamples, cluster);
    var out = console.out();
    out.println("Continuum dev server");
    DevServer dev =
        DevServer.start(
            options,
            message -> {
              out.println(message);
              out.flush();
            });
    out.println("journal: " + dev.journalDescription());
    dev.clusterDescription().ifPresent(cluster -> out.println("cluster: " + cluster));
    for (String node : dev.clusterNodes()) {
      out.println("node: " + node);
    }
    out.println("api: " + dev.apiBase() + "/v1");
    out.println("openapi: " + dev.apiBase() + "/v1/openapi.json");
    out.println("metrics: " + dev.apiBase() + "/metrics");
    out.println("ui: " + dev.uiBase());
    out.println("ui-login: " + dev.loginLink() + "  (works once, for ten minutes)");
    out.println("api-key: " + dev.apiKey());
    out.println(
        "api-key-file: "
            + dev.keyFile()
            + (dev.newKey()
                ? " (a new key)"
                : " (the key of the last start; --new-key rotates it)"));
    for (String version : dev.workflowVersions()) {
      out.println("workflow: " + version);
    }
    dev.watchCode(
        line -> {
          out.println(line);
          out.flush();
        });
    if (!quiet) {
      dev.report(
          line -> {
            out.println(line);
            out.flush();
          });
    }
    out.flush();
    console.lifetime().hold(dev);
    return 0;
  }
}
