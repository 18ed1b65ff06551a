package io.continuum.server;

import io.continuum.core.replay.WorkflowDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code continuum serve}: a production node from a config file and the environment. */
@Command(
    name = "serve",
    header = "Run a Continuum node from a config file and the environment.",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description =
        "Runs a Continuum node: the engine on Postgres and the REST API, configured by a YAML"
            + " or JSON file (port, host, pg.url, pg.poolSize, pg.listen, apiKeys, apiKeysFile,"
            + " nodeId, workflows, activities, examples, engine, cluster). The environment"
            + " overrides the file: CONTINUUM_PORT, CONTINUUM_PG_URL, CONTINUUM_API_KEYS_FILE,"
            + " CONTINUUM_NODE_ID, CONTINUUM_CLUSTER_MEMBERS (comma-separated; joins a cluster"
            + " even without a cluster section), CONTINUUM_CLUSTER_HOST, CONTINUUM_CLUSTER_PORT,"
            + " CONTINUUM_CLUSTER_NAME. "
            + "Workflow and activity classes are loaded from the classpath: java -cp continuum-"
            + "server.jar:app.jar io.continuum.server.Main serve ... Stops gracefully on SIGTERM.")
final class ServeCommand implements Callable<Integer> {
  private final Console console;

  @Option(names = "--config", paramLabel = "FILE", description = "The config file (YAML or JSON).")
  Path config;

  @Option(
      names = "--migrate",
      description =
          "Apply pending schema migrations before starting (else an old schema is an error).")
  boolean migrate;

  ServeCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    ServeConfig file = config == null ? ServeConfig.empty() : ServeConfig.read(config);
    Path baseDir = config == null ? Path.of("") : config.toAbsolutePath().getParent();
    ServerSettings settings = file.resolve(console, baseDir, migrate);
    var out = console.out();
    out.println("Continuum server");
    ServerAssembly server = ServerAssembly.start(settings);
    for (String applied : server.migrationsApplied()) {
      out.println("migrated: " + applied);
    }
    out.println("journal: postgres " + file.redactedUrl(console));
    out.println("node: " + server.engine().options().nodeId());
    server.clusterDescription().ifPresent(cluster -> out.println("cluster: " + cluster));
    out.println("workflows: " + String.join(", ", workflowTypes(server)));
    out.println("api: " + server.apiBase() + "/v1");
    out.println("openapi: " + server.apiBase() + "/v1/openapi.json");
    out.println("metrics: " + server.apiBase() + "/metrics");
    out.println("ui: " + server.apiBase().resolve("/ui/") + " (log in with an API key)");
    out.flush();
    console.lifetime().hold(server);
    return 0;
  }

  private static List<String> workflowTypes(ServerAssembly server) {
    return server.engine().workflows().stream().map(WorkflowDefinition::type).sorted().toList();
  }
}
