package io.continuum.load.replay;

import io.continuum.load.Options;
import io.continuum.load.Scenario;
import io.continuum.load.UsageException;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The {@code replay} scenario: runs {@link ReplayBenchmark} under JMH (its progress on stderr) and
 * prints the history length and the warm and cold cost per replayed event, in microseconds.
 *
 * <pre>{@code
 * $ load-tests/run replay --iterations 3 --prof gc
 * replay_events 12500
 * replay_warm_us_per_event 0.192
 * replay_cold_us_per_event 2.287
 * }</pre>
 */
public final class ReplayScenario implements Scenario {

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public String summary() {
    return "JMH: replay a mixed history, warm (decoded) and cold (from stored bytes)";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("events", "N", "12500", "history length (without run_completed)"),
        new Option("forks", "N", "3", "JMH forks, averaged (0 runs in this JVM)"),
        new Option("warmup", "N", "4", "warm-up iterations per fork"),
        new Option("iterations", "N", "5", "measured iterations per fork"),
        new Option("time", "SECONDS", "1", "length of each iteration"),
        new Option("heap", "SIZE", "1g", "-Xms and -Xmx of the forked JVMs"),
        new Option("only", "warm|cold", "", "run one of the two benchmarks"),
        new Option("prof", "NAME[:OPTS]", "", "a JMH profiler, e.g. gc, stack, jfr:dir=/tmp/jfr"));
  }

  @Override
  public void run(Options options, PrintStream out) throws Exception {
    int events = options.intValue("events", 2);
    String only = options.value("only");
    if (!only.isEmpty() && !only.equals("warm") && !only.equals("cold")) {
      throw new UsageException("--only takes warm or cold, got '" + only + "'");
    }
    String methods = only.isEmpty() ? "(warm|cold)" : only;
    TimeValue time = TimeValue.seconds(options.intValue("time", 1));
    String heap = options.value("heap");
    ChainedOptionsBuilder jmh =
        new OptionsBuilder()
            .include("^" + Pattern.quote(ReplayBenchmark.class.getName()) + "\\." + methods + "$")
            .param("events", String.valueOf(events))
            .forks(options.intValue("forks", 0))
            .warmupIterations(options.intValue("warmup", 0))
            .warmupTime(time)
            .measurementIterations(options.intValue("iterations", 1))
            .measurementTime(time)
            .jvmArgsAppend("-Xms" + heap, "-Xmx" + heap)
            .shouldFailOnError(true);
    String prof = options.value("prof");
    if (!prof.isEmpty()) {
      int colon = prof.indexOf(':');
      if (colon < 0) {
        jmh.addProfiler(prof);
      } else {
        jmh.addProfiler(prof.substring(0, colon), prof.substring(colon + 1));
      }
    }
    var progress = OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL);
    Collection<RunResult> results = new Runner(jmh.build(), progress).run();

    out.println("replay_events " + events);
    for (String which : List.of("warm", "cold")) {
      Double perStep = score(results, which);
      if (perStep != null) {
        out.printf(Locale.ROOT, "replay_%s_us_per_event %.3f%n", which, perStep / events);
      }
    }
  }

  private static Double score(Collection<RunResult> results, String method) {
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("." + method)) {
        return r.getPrimaryResult().getScore();
      }
    }
    return null;
  }
}
