package io.continuum.server;

import io.continuum.determinism.DeterminismCheck;
import io.continuum.determinism.DeterminismOptions;
import io.continuum.determinism.DeterminismReport;
import io.continuum.determinism.Finding;
import io.continuum.determinism.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code continuum check PATH}: the determinism check over a jar or classes directory. */
@Command(
    name = "check",
    header = "Check the workflows of a jar or classes directory for non-deterministic code.",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description =
        "Finds every class in PATH implementing io.continuum.Workflow and scans its bytecode, "
            + "with the classes it calls, for code that would not replay the same way (the "
            + "clock, randomness, threads, I/O, ...). Prints one line per finding, then a "
            + "summary. Exit code 1 when there is any error; classes are read, never run.",
    footer = {"", "Example: continuum check target/classes --trust com.acme.money"})
final class CheckCommand implements Callable<Integer> {
  /** How unknown calls count. */
  enum UnknownCalls {
    WARN,
    ERROR
  }

  private final Console console;

  @Parameters(paramLabel = "PATH", description = "A jar or a directory of class files.")
  Path path;

  @Option(
      names = "--trust",
      paramLabel = "PREFIX",
      description = "A class or package (dotted) whose code is deemed deterministic; repeatable.")
  List<String> trusted = new ArrayList<>();

  @Option(
      names = "--unknown-calls",
      paramLabel = "warn|error",
      defaultValue = "warn",
      description = "The severity of calls into code the check cannot vouch for (default: warn).")
  UnknownCalls unknownCalls;

  CheckCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    List<String> workflows = WorkflowClasses.in(path);
    var options =
        DeterminismOptions.defaults()
            .withUnknownCalls(
                unknownCalls == UnknownCalls.ERROR ? Severity.ERROR : Severity.WARNING)
            .withTrusted(trusted.toArray(String[]::new));
    int errors = 0;
    int warnings = 0;
    var out = console.out();
    try (var loader = new PathFirstLoader(url(path), CheckCommand.class.getClassLoader())) {
      for (String workflow : workflows) {
        DeterminismReport report = DeterminismCheck.scan(workflow, loader, options);
        for (Finding f : report.findings()) {
          out.println(f);
        }
        report.notes().forEach(n -> out.println("note: " + n));
        errors += report.errors().size();
        warnings += report.warnings().size();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the class loader over " + path, e);
    }
    // The summary's wording is fixed (no singulars) so that scripts can parse it.
    out.println(
        "checked "
            + workflows.size()
            + " workflows: "
            + errors
            + " errors, "
            + warnings
            + " warnings");
    return errors > 0 ? Cli.FAILURE : 0;
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new ConfigException("check: " + path + " is not a usable path", e);
    }
  }

  /**
   * Reads class files from PATH before the server's own classpath, so that a PATH holding classes
   * the server also bundles (the examples) is checked as given.
   */
  private static final class PathFirstLoader extends URLClassLoader {
    PathFirstLoader(URL url, ClassLoader parent) {
      super(new URL[] {url}, parent);
    }

    @Override
    public URL getResource(String name) {
      URL own = findResource(name);
      return own != null ? own : super.getResource(name);
    }
  }
}
