package io.continuum.load;

import java.io.PrintStream;
import java.util.List;

/**
 * One benchmark that {@code load-tests/run SCENARIO [options]} can start. A scenario declares its
 * options (with defaults, for the usage text and the parser) and prints one {@code name value} line
 * per figure it measures on {@code out}; everything else (progress, JMH chatter) goes to stderr.
 * Add a scenario by implementing this interface and listing it in {@link Main}.
 *
 * <pre>{@code
 * final class PgThroughputScenario implements Scenario {
 *   public String name() { return "pg-throughput"; }
 *   public String summary() { return "durable steps per second against Postgres"; }
 *   public List<Option> options() { return List.of(new Option("clients", "N", "16", "clients")); }
 *   public void run(Options options, PrintStream out) {
 *     out.println("pg_steps_per_second " + measure(options.intValue("clients", 1)));
 *   }
 * }
 * }</pre>
 */
public interface Scenario {

  /** The name given on the command line, e.g. {@code replay}. */
  String name();

  /** One line for the scenario list. */
  String summary();

  /** The options the scenario accepts, in usage order. */
  List<Option> options();

  /**
   * Runs the scenario.
   *
   * @param options the parsed command line, defaults filled in
   * @param out where the {@code name value} figure lines go
   * @throws UsageException when an option value is out of range
   * @throws Exception when the measurement fails
   */
  void run(Options options, PrintStream out) throws Exception;

  /**
   * A {@code --name VALUE} option.
   *
   * <pre>{@code
   * new Option("forks", "N", "1", "JMH forks")   // --forks N (default 1)
   * }</pre>
   *
   * @param name the name without dashes
   * @param value a placeholder for the value in the usage text
   * @param defaultValue the value when the option is absent ("" for none)
   * @param help one line of help
   */
  record Option(String name, String value, String defaultValue, String help) {}
}
