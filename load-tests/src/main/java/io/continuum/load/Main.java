package io.continuum.load;

import io.continuum.load.cluster.ClusterScenario;
import io.continuum.load.idle.IdleScenario;
import io.continuum.load.observer.ObserverScenario;
import io.continuum.load.replay.ReplayScenario;
import io.continuum.load.throughput.ThroughputScenario;
import io.continuum.load.timers.TimersScenario;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point of every benchmark: {@code Main SCENARIO [options]} (started by {@code
 * load-tests/run}). It prints one {@code name value} line per figure on stdout; progress goes to
 * stderr. Exit status: 0 on success, 1 when the measurement failed, 2 on a bad command line.
 *
 * <pre>{@code
 * $ load-tests/run replay --iterations 3
 * replay_events 12500
 * replay_warm_us_per_event 0.192
 * replay_cold_us_per_event 2.287
 * }</pre>
 */
public final class Main {

  /** Every scenario, in usage order; add new ones here. */
  static final List<Scenario> SCENARIOS =
      List.of(
          new ReplayScenario(),
          new ThroughputScenario(),
          new ObserverScenario(),
          new IdleScenario(),
          new TimersScenario(),
          new ClusterScenario());

  private Main() {}

  /** Runs the scenario named by the first argument and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      usage(err);
      return 2;
    }
    String first = args.get(0);
    if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
      usage(out);
      return 0;
    }
    Scenario scenario = find(first);
    if (scenario == null) {
      err.println("unknown scenario '" + first + "'");
      usage(err);
      return 2;
    }
    List<String> rest = args.subList(1, args.size());
    if (rest.contains("--help") || rest.contains("-h")) {
      usage(out, scenario);
      return 0;
    }
    try {
      scenario.run(Options.parse(rest, scenario.options()), out);
      return 0;
    } catch (UsageException e) {
      err.println(e.getMessage());
      usage(err, scenario);
      return 2;
    } catch (Exception | Error e) {
      // An Error too: uncaught, it would end main but not a JVM with non-daemon threads left.
      err.println(scenario.name() + " failed: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  private static Scenario find(String name) {
    for (Scenario s : SCENARIOS) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  private static void usage(PrintStream to) {
    to.println("usage: load-tests/run SCENARIO [options]   (SCENARIO --help for its options)");
    to.println();
    to.println("scenarios:");
    for (Scenario s : SCENARIOS) {
      to.printf("  %-14s %s%n", s.name(), s.summary());
    }
    to.println();
    to.println("Each figure is printed on stdout as one 'name value' line.");
  }

  private static void usage(PrintStream to, Scenario s) {
    to.println("usage: load-tests/run " + s.name() + " [options]");
    to.println("  " + s.summary());
    to.println();
    to.println("options:");
    for (Scenario.Option o : s.options()) {
      String flag = "--" + o.name() + " " + o.value();
      String dflt = o.defaultValue().isEmpty() ? "" : " (default " + o.defaultValue() + ")";
      to.printf("  %-18s %s%s%n", flag, o.help(), dflt);
    }
  }
}
