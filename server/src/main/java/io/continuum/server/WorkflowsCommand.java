package io.continuum.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code continuum workflows}: the workflow types a server runs, and their versions. */
@Command(
    name = "workflows",
    header = "List the workflow types a server runs.",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description =
        "Lists a server's workflow types with their newest version and input type (--json: with"
            + " every version and the input and result JSON Schema).")
final class WorkflowsCommand implements Callable<Integer> {
  private final Console console;

  @Mixin ServerOptions server;

  WorkflowsCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    JsonNode body = server.client(console).get("/v1/workflows").body();
    if (server.json) {
      console.out().println(body.toPrettyString());
    } else {
      var table = new Table("TYPE", "VERSION", "VERSIONS", "INPUT");
      body.path("workflows")
          .forEach(
              w ->
                  table.row(
                      w.path("type").asText(),
                      w.path("versionHash").isNull()
                          ? "unversioned"
                          : w.path("versionHash").asText().substring(0, 12),
                      w.path("versions").size(),
                      w.path("inputType").asText()));
      table.print(console.out());
    }
    console.out().flush();
    return 0;
  }
}
