package io.continuum.server;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.Objects;

/**
 * What the CLI talks to: its output streams, its environment (for the {@code CONTINUUM_*}
 * overrides) and the {@link Lifetime} of the servers it starts. Tests pass their own.
 *
 * <pre>{@code
 * var out = new StringWriter();
 * var console = new Console(new PrintWriter(out, true), new PrintWriter(System.err, true),
 *     Map.of("CONTINUUM_PORT", "0"), server -> server.close());
 * }</pre>
 *
 * @param out where results go
 * @param err where errors go (one line each)
 * @param env the environment variables
 * @param lifetime how long {@code dev} and {@code serve} run
 */
public record Console(
    PrintWriter out, PrintWriter err, Map<String, String> env, Lifetime lifetime) {

  /** Validates the console. */
  public Console {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(lifetime, "lifetime");
  }

  /** The process's stdout, stderr and environment; servers run until SIGINT/SIGTERM. */
  public static Console system() {
    var out = new PrintWriter(System.out, true, Charset.defaultCharset());
    var err = new PrintWriter(System.err, true, Charset.defaultCharset());
    return new Console(out, err, System.getenv(), Lifetime.untilSignal(out, err));
  }

  /** The value of an environment variable, or null when unset or blank. */
  public String env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
