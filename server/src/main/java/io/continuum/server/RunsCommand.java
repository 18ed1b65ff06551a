package io.continuum.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code continuum runs}: start, list, describe, signal, cancel and follow runs through a server's
 * REST API, as people (tables) or scripts ({@code --json}) need them.
 */
@Command(
    name = "runs",
    header = "Start, list, inspect, query, signal, cancel and watch runs on a server.",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description =
        "Talks to a Continuum server's REST API: --server (or CONTINUUM_SERVER; default the local"
            + " dev server), --api-key (or CONTINUUM_API_KEY; a local dev server's key is read"
            + " from .continuum-dev/dev-api-key), --namespace. --json prints the server's JSON.")
final class RunsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Console console;

  @Spec CommandSpec spec;

  RunsCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "choose a subcommand: start, list, describe, history, signal, cancel, result or watch");
  }

  private String runs(ServerOptions server) {
    return "/v1/namespaces/" + RestClient.path(server.namespace) + "/runs";
  }

  private String run(ServerOptions server, String id) {
    return runs(server) + "/" + RestClient.path(id);
  }

  @Command(name = "start", header = "Start a run.", mixinStandardHelpOptions = true)
  int start(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow type.")
          String workflow,
      @Option(names = "--id", paramLabel = "ID", description = "The run id (default: generated).")
          String id,
      @Option(
              names = "--input",
              paramLabel = "JSON",
              description = "The input, as JSON (a quoted string is a string: '\"ada\"').")
          String input,
      @Option(names = "--input-file", paramLabel = "FILE", description = "The input, from a file.")
          Path inputFile,
      @Option(
              names = "--attr",
              paramLabel = "NAME=VALUE",
              description = "A search attribute (a JSON value, else a string); repeatable.")
          Map<String, String> attributes,
      @Option(
              names = "--start-delay",
              paramLabel = "DURATION",
              description =
                  "Create the run now, take its first step this much later: 90m, 2h, P1D."
                      + " Signals sent meanwhile wait for it.")
          String startDelay,
      @Option(
              names = "--execution-timeout",
              paramLabel = "DURATION",
              description =
                  "Fail the run (its whole continue-as-new chain) with execution_timeout if it"
                      + " has not ended this long after its start: 30m, 12h, P7D.")
          String executionTimeout) {
    ObjectNode body = JSON.createObjectNode().put("workflow", workflow);
    if (id != null) {
      body.put("id", id);
    }
    // The server checks the range; the wire form is ISO-8601.
    if (startDelay != null) {
      body.put("startDelay", ServeConfig.duration("--start-delay", startDelay).toString());
    }
    if (executionTimeout != null) {
      body.put(
          "executionTimeout",
          ServeConfig.duration("--execution-timeout", executionTimeout).toString());
    }
    if (input != null && inputFile != null) {
      throw new ConfigException("give --input or --input-file, not both");
    }
    String inputText = input;
    if (inputFile != null) {
      try {
        inputText = Files.readString(inputFile);
      } catch (IOException e) {
        throw new ConfigException("cannot read " + inputFile + ": " + e.getMessage());
      }
    }
    if (inputText != null) {
      body.set("input", json(inputText, "--input"));
    }
    if (attributes != null && !attributes.isEmpty()) {
      ObjectNode attrs = body.putObject("attributes");
      attributes.forEach((k, v) -> attrs.set(k, scalar(v)));
    }
    var answer = server.client(console).post(runs(server), body.toString());
    return show(server, answer.body(), () -> describe(answer.body()));
  }

  @Command(name = "list", header = "List runs, newest first.", mixinStandardHelpOptions = true)
  int list(
      @Mixin ServerOptions server,
      @Option(names = "--state", paramLabel = "STATE", description = "Only runs in these states.")
          List<String> states,
      @Option(names = "--workflow", paramLabel = "TYPE", description = "Only runs of this type.")
          String workflow,
      @Option(
              names = "--attr",
              paramLabel = "NAME=VALUE",
              description = "Only runs with this search attribute; repeatable.")
          Map<String, String> attributes,
      @Option(
              names = "--limit",
              paramLabel = "N",
              defaultValue = "50",
              description = "At most N runs (default: ${DEFAULT-VALUE}).")
          int limit) {
    var query = new StringBuilder("?limit=").append(limit);
    if (states != null) {
      states.forEach(s -> query.append("&state=").append(RestClient.path(s)));
    }
    if (workflow != null) {
      query.append("&workflow=").append(RestClient.path(workflow));
    }
    if (attributes != null) {
      attributes.forEach(
          (k, v) ->
              query
                  .append("&attr.")
                  .append(RestClient.path(k))
                  .append('=')
                  .append(RestClient.path(v)));
    }
    JsonNode page = server.client(console).get(runs(server) + query).body();
    return show(
        server,
        page,
        () -> {
          var table = new Table("RUN", "WORKFLOW", "STATE", "UPDATED");
          page.path("runs")
              .forEach(
                  r ->
                      table.row(
                          r.path("runId").asText(),
                          r.path("workflow").asText(),
                          r.path("state").asText(),
                          r.path("updatedAt").asText()));
          table.print(console.out());
          if (!page.path("nextCursor").isNull() && page.has("nextCursor")) {
            console.out().println("  (more: raise --limit)");
          }
        });
  }

  @Command(name = "describe", header = "Show a run.", mixinStandardHelpOptions = true)
  int describe(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "RUN", description = "The run id.") String id) {
    JsonNode body = server.client(console).get(run(server, id)).body();
    return show(server, body, () -> describe(body));
  }

  @Command(
      name = "history",
      header = "Show a run's journaled events.",
      mixinStandardHelpOptions = true)
  int history(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "RUN", description = "The run id.") String id,
      @Option(
              names = "--after",
              paramLabel = "SEQ",
              defaultValue = "0",
              description = "After this seq.")
          int after,
      @Option(
              names = "--limit",
              paramLabel = "N",
              defaultValue = "1000",
              description = "At most N.")
          int limit) {
    JsonNode page =
        server
            .client(console)
            .get(run(server, id) + "/history?after=" + after + "&limit=" + limit)
            .body();
    return show(
        server,
        page,
        () -> {
          var table = new Table("SEQ", "AT", "TYPE", "DETAIL");
          page.path("events")
              .forEach(
                  e ->
                      table.row(
                          e.path("seq").asText(),
                          e.path("at").asText(),
                          e.path("type").asText(),
                          detail(e)));
          table.print(console.out());
        });
  }

  @Command(
      name = "query",
      header = "Ask a run a query (a handler its code registered with ctx.onQuery).",
      mixinStandardHelpOptions = true)
  int query(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "RUN", description = "The run id.") String id,
      @Parameters(index = "1", paramLabel = "NAME", description = "The query name.") String name) {
    JsonNode body =
        server.client(console).get(run(server, id) + "/queries/" + RestClient.path(name)).body();
    return show(server, body, () -> console.out().println(body.path("result").toString()));
  }

  @Command(name = "signal", header = "Send a signal to a run.", mixinStandardHelpOptions = true)
  int signal(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "RUN", description = "The run id.") String id,
      @Parameters(index = "1", paramLabel = "NAME", description = "The signal name.") String name,
      @Parameters(
              index = "2",
              paramLabel = "JSON",
              arity = "0..1",
              description = "The payload, as JSON (default: null).")
          String payload) {
    JsonNode value = payload == null ? JSON.nullNode() : json(payload, "the payload");
    var answer =
        server
            .client(console)
            .post(run(server, id) + "/signals/" + RestClient.path(name), value.toString());
    return show(
        server, answer.body(), () -> console.out().println("signal " + name + " sent to " + id));
  }

  @Command(
      name = "update",
      header = "Send an update to a run and print its answer (a handler of ctx.onUpdate).",
      mixinStandardHelpOptions = true)
  int update(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "RUN", description = "The run id.") String id,
      @Parameters(index = "1", paramLabel = "NAME", description = "The update name.") String name,
      @Parameters(
              index = "2",
              paramLabel = "JSON",
              arity = "0..1",
              description = "The update's input, as JSON (default: null).")
          String input,
      @Option(
              names = "--id",
              paramLabel = "UPDATE_ID",
              description =
                  "The update id; send it again with the same id to get the first answer.")
          String updateId,
      @Option(
              names = "--wait",
              paramLabel = "DURATION",
              defaultValue = "30s",
              description =
                  "How long to wait for the answer (default: ${DEFAULT-VALUE}; 60s most).")
          String wait) {
    JsonNode value = input == null ? JSON.nullNode() : json(input, "the input");
    long seconds = ServeConfig.duration("--wait", wait).toSeconds();
    String path =
        run(server, id)
            + "/updates/"
            + RestClient.path(name)
            + "?wait="
            + seconds
            + (updateId == null ? "" : "&id=" + RestClient.path(updateId));
    var answer = server.client(console).post(path, value.toString());
    JsonNode body = answer.body();
    if (answer.status() == 202) {
      if (server.json) {
        print(body);
      } else {
        console
            .out()
            .println(
                "update "
                    + body.path("updateId").asText()
                    + " is queued but not applied yet; send it again with --id "
                    + body.path("updateId").asText());
      }
      return Cli.FAILURE;
    }
    return show(server, body, () -> print(body.path("result")));
  }

  @Command(name = "cancel", header = "Cancel a run.", mixinStandardHelpOptions = true)
  int cancel(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "RUN", description = "The run id.") String id) {
    JsonNode body = server.client(console).post(run(server, id) + "/cancel", null).body();
    return show(
        server,
        body,
        () ->
            console
                .out()
                .println(
                    body.path("cancelRequested").asBoolean()
                        ? "cancel of " + id + " accepted; its owner will end it cancelled"
                        : id + " is " + body.path("state").asText()));
  }

  @Command(
      name = "result",
      header = "Wait for a run's end and print its result.",
      mixinStandardHelpOptions = true)
  int result(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "RUN", description = "The run id.") String id,
      @Option(
              names = "--wait",
              paramLabel = "DURATION",
              defaultValue = "30s",
              description =
                  "How long to wait: 30s, 2m, PT1M (default: ${DEFAULT-VALUE}; 60s most).")
          String wait) {
    long seconds = ServeConfig.duration("--wait", wait).toSeconds();
    var answer = server.client(console).get(run(server, id) + "/result?wait=" + seconds);
    JsonNode body = answer.body();
    if (answer.status() == 202) {
      if (server.json) {
        print(body);
      } else {
        console.out().println(id + " is still " + body.path("state").asText());
      }
      return Cli.FAILURE;
    }
    show(
        server,
        body,
        () -> {
          String state = body.path("state").asText();
          if ("completed".equals(state)) {
            print(body.path("result"));
          } else if ("failed".equals(state)) {
            console
                .out()
                .println(
                    "failed: "
                        + body.path("failure").path("type").asText()
                        + ": "
                        + body.path("failure").path("message").asText());
          } else {
            console.out().println(state);
          }
        });
    return "completed".equals(body.path("state").asText()) ? 0 : Cli.FAILURE;
  }

  @Command(
      name = "watch",
      header = "Print a run's events as they are journaled, until it ends.",
      mixinStandardHelpOptions = true)
  int watch(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "RUN", description = "The run id.") String id) {
    PrintWriter out = console.out();
    server.client(console).stream(
        run(server, id) + "/events",
        (name, data) -> {
          if ("end".equals(name)) {
            return false;
          }
          if (server.json) {
            out.println(data);
          } else {
            JsonNode e = parse(data);
            out.println(
                e.path("seq").asText()
                    + "  "
                    + e.path("at").asText()
                    + "  "
                    + e.path("type").asText()
                    + "  "
                    + detail(e));
          }
          out.flush();
          return true;
        });
    return 0;
  }

  // ---- output -------------------------------------------------------------------------------

  private int show(ServerOptions server, JsonNode body, Runnable forPeople) {
    if (server.json) {
      print(body);
    } else {
      forPeople.run();
    }
    console.out().flush();
    return 0;
  }

  private void print(JsonNode json) {
    try {
      console.out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    } catch (IOException e) {
      console.out().println(json);
    }
  }

  private void describe(JsonNode run) {
    var out = console.out();
    List<String> fields =
        new ArrayList<>(
            List.of(
                "runId", "namespace", "workflow", "state", "lastSeq", "createdAt", "updatedAt"));
    for (String f : fields) {
      if (run.has(f)) {
        out.println(f + ": " + run.path(f).asText());
      }
    }
    for (String f :
        List.of(
            "startAt",
            "executionDeadline",
            "parentId",
            "correlationId",
            "continuedFrom",
            "drift")) {
      if (run.has(f)) {
        out.println(f + ": " + run.path(f).asText());
      }
    }
    if (run.has("attributes") && !run.path("attributes").isEmpty()) {
      out.println("attributes: " + run.path("attributes"));
    }
    if (run.has("result")) {
      out.println("result: " + run.path("result"));
    }
    if (run.has("failure")) {
      out.println(
          "failure: "
              + run.path("failure").path("type").asText()
              + ": "
              + run.path("failure").path("message").asText());
    }
  }

  // What an event is about, in one short cell.
  private static String detail(JsonNode e) {
    for (String f : List.of("name", "result", "payload", "value", "input", "failure", "reason")) {
      JsonNode v = e.get(f);
      if (v != null && !v.isNull()) {
        String text =
            f.equals("failure")
                ? v.path("type").asText() + ": " + v.path("message").asText()
                : v.isTextual() ? v.asText() : v.toString();
        String shown = f.equals("name") ? text : f + "=" + text;
        return shown.length() > 80 ? shown.substring(0, 77) + "..." : shown;
      }
    }
    return "";
  }

  private static JsonNode json(String text, String what) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new ConfigException(
          what + " is not JSON: " + text + " (a string needs quotes: '\"x\"')");
    }
  }

  // An attribute value: JSON when it parses as a scalar (42, true), else the text itself.
  private static JsonNode scalar(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      return n != null && n.isValueNode() ? n : JSON.getNodeFactory().textNode(text);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(text);
    }
  }

  private static JsonNode parse(String data) {
    try {
      return JSON.readTree(data);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
