package io.continuum.load.cluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The raw durable-commit limit of the Postgres under test, measured by {@code pg-step-limit.sh}
 * (pgbench: one run-row UPDATE and one event INSERT per transaction, synchronous commit on, at 1,
 * 16 and 64 clients) in the same sitting as the engine's figures. Its lines go to stderr as they
 * come.
 *
 * <pre>{@code
 * Map<String, Double> limit = StepLimit.measure(script, "postgresql://postgres@127.0.0.1:55432/postgres", 10);
 * double perSecond = limit.get("step_tps_c16");
 * }</pre>
 */
final class StepLimit {
  private StepLimit() {}

  /**
   * Runs {@code script URL SECONDS} and returns its {@code name value} lines.
   *
   * @throws IllegalStateException when it fails or has not finished after three times its points'
   *     seconds plus two minutes
   */
  static Map<String, Double> measure(Path script, String url, int seconds) throws Exception {
    Process p =
        new ProcessBuilder(script.toString(), url, Integer.toString(seconds))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    // filled by the reader thread, read here once it is done
    Map<String, Double> figures = new ConcurrentHashMap<>();
    Thread reader =
        new Thread(
            () -> {
              try (var in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  System.err.println("cluster: " + script.getFileName() + ": " + line);
                  String[] parts = line.trim().split("\\s+");
                  if (parts.length == 2) {
                    try {
                      figures.put(parts[0], Double.parseDouble(parts[1]));
                    } catch (NumberFormatException ignored) {
                      // not a figure
                    }
                  }
                }
              } catch (java.io.IOException ignored) {
                // the process ended
              }
            },
            "step-limit-output");
    reader.setDaemon(true);
    reader.start();
    long bound = 3L * seconds + 120;
    if (!p.waitFor(bound, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "timed out after " + bound + " s waiting for " + script + " to measure the step limit");
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    if (p.exitValue() != 0) {
      throw new IllegalStateException(script + " failed with exit status " + p.exitValue());
    }
    return Map.copyOf(figures);
  }
}
