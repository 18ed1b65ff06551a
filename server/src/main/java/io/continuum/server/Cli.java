package io.continuum.server;

import io.continuum.http.Role;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

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
    cli.addSubcommand("runs", new RunsCommand(console));
    cli.addSubcommand("workflows", new WorkflowsCommand(console));
    cli.addSubcommand("help", new CommandLine.HelpCommand());
    cli.setOut(console.out());
    cli.setErr(console.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpAutoWidth(true);
    cli.registerConverter(YearMonth.class, text -> parse(text, YearMonth::parse, "a month"));
    cli.registerConverter(LocalDate.class, text -> parse(text, LocalDate::parse, "a date"));
    cli.registerConverter(Role.class, Cli::role);
    cli.setParameterExceptionHandler(
        (e, given) -> {
          console.err().println("error: " + usageMessage(e));
          return USAGE;
        });
    cli.setExecutionExceptionHandler((e, command, parsed) -> failed(e, parsed));
    return cli.execute(args);
  }

  // A mistyped command gets the commands it may have meant; every error names the help to read.
  private static String usageMessage(ParameterException e) {
    CommandLine at = e.getCommandLine();
    String help = "'" + at.getCommandSpec().qualifiedName() + " --help'";
    if (e instanceof UnmatchedArgumentException u
        && !u.isUnknownOption()
        && !at.getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty()) {
      List<String> near = near(u.getUnmatched().get(0), at.getSubcommands().keySet());
      return "'"
          + u.getUnmatched().get(0)
          + "' is not a command of "
          + at.getCommandSpec().qualifiedName()
          + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?")
          + " (see "
          + help
          + ")";
    }
    return e.getMessage() + " (see " + help + ")";
  }

  // Commands at most two edits away (a typo, a swapped pair), or that the text starts.
  static List<String> near(String typed, Collection<String> commands) {
    return commands.stream()
        .filter(c -> !c.equals("help"))
        .filter(c -> c.startsWith(typed) || editDistance(typed, c) <= (typed.length() <= 4 ? 1 : 2))
        .sorted(Comparator.comparingInt((String c) -> editDistance(typed, c)))
        .limit(3)
        .toList();
  }

  // Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps.
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static Role role(String text) {
    for (Role r : Role.values()) {
      if (r.name().equalsIgnoreCase(text.strip())) {
        return r;
      }
    }
    throw new TypeConversionException(
        "'"
            + text
            + "' is not a role: reader, writer or admin (each includes the ones before it), or"
            + " metrics");
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
