package io.continuum.server;

import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code continuum} command line over a {@link Console}: parses, runs one command, and turns
 * its outcome into an exit code (0 ok, 1 failure, 2 usage or configuration error). Errors are one
 * line on stderr; {@code --verbose} adds the stack trace.
 *
 * <pre>{@code
 * int code = new Cli(Console.system()).execute("migrate", "--pg-url", url);
 * }</pre>
 */
public final class Cli {
  /** Exit code of a failure. */
  public static final int FAILURE = 1;

  /** Exit code of a usage or configuration error. */
  public static final int USAGE = 2;

  private final Console console;

  public Cli(Console console) {
    this.console = console;
  }

  /** Runs {@code args}; returns the exit code. */
  public int execute(String... args) {
    CommandLine cli = new CommandLine(new ContinuumCommand());
    cli.addSubcommand("dev", new DevCommand(console));
    cli.addSubcommand("serve", new ServeCommand(console));
    cli.addSubcommand("migrate", new MigrateCommand(console));
    cli.addSubcommand("keys", new KeysCommand(console));
    cli.addSubcommand("partitions", new PartitionsCommand(console));
    cli.addSubcommand("check", new CheckCommand(console));
    cli.addSubcommand("check-replay", new CheckReplayCommand(console));
    cli.addSubcommand("audit", new AuditCommand(console));
    cli.addSubcommand("gc-versions", new GcVersionsCommand(console));
    cli.addSubcommand("archive-chains", new ArchiveChainsCommand(console));
    cli.setOut(console.out());
    cli.setErr(console.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpAutoWidth(true);
    cli.registerConverter(YearMonth.class, text -> parse(text, YearMonth::parse, "a month"));
    cli.registerConverter(LocalDate.class, text -> parse(text, LocalDate::parse, "a date"));
    cli.setParameterExceptionHandler(
        (e, given) -> {
          console
              .err()
              .println(
                  "error: "
                      + e.getMessage()
                      + " (see '"
                      + e.getCommandLine().getCommandSpec().qualifiedName()
                      + " --help')");
          return USAGE;
        });
    cli.setExecutionExceptionHandler((e, command, parsed) -> failed(e, parsed));
    return cli.execute(args);
  }

  private static <T> T parse(String text, Function<String, T> parser, String what) {
    try {
      return parser.apply(text);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'"
              + text
              + "' is not "
              + what
              + (what.equals("a month") ? " (YYYY-MM)" : " (YYYY-MM-DD)"));
    }
  }

  private int failed(Exception thrown, ParseResult parsed) {
    Throwable e = unwrap(thrown);
    console.err().println("error: " + oneLine(e));
    if (verbose(parsed)) {
      e.printStackTrace(console.err());
    }
    console.err().flush();
    return e instanceof ConfigException ? USAGE : FAILURE;
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  // The message on one line; an I/O failure's message says what was being done, its cause why.
  static String oneLine(Throwable e) {
    String message = ServerAssembly.message(e);
    Throwable cause = e.getCause();
    if (e instanceof UncheckedIOException && cause != null && cause.getMessage() != null) {
      message = message + ": " + cause.getMessage();
    }
    return message.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
