package io.continuum.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command, {@code continuum}: only its subcommands do something. */
@Command(
    name = "continuum",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description = "Continuum, a durable-execution workflow engine: servers and operations.",
    footer = {
      "",
      "Start here: continuum dev",
      "Exit codes: 0 ok, 1 failure, 2 usage or configuration error"
    })
final class ContinuumCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @Override
  public Integer call() {
    List<String> commands = new ArrayList<>(spec.subcommands().keySet());
    String last = commands.remove(commands.size() - 1);
    throw new ParameterException(
        spec.commandLine(), "choose a command: " + String.join(", ", commands) + " or " + last);
  }

  /** The version baked into the jar at build time. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"continuum " + version()};
    }

    static String version() {
      try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
        var properties = new Properties();
        if (in != null) {
          properties.load(in);
        }
        return properties.getProperty("version", "unknown");
      } catch (IOException e) {
        return "unknown";
      }
    }
  }
}
