package io.continuum.server;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * How long a server command ({@code dev}, {@code serve}) keeps its server: in production until the
 * JVM is told to stop (SIGINT, SIGTERM), in tests until the test says so.
 *
 * <pre>{@code
 * Lifetime tests = server -> { running.complete(server); stop.await(); server.close(); };
 * new Cli(new Console(out, err, Map.of(), tests)).execute("dev", "--in-memory", "--port", "0");
 * }</pre>
 */
@FunctionalInterface
public interface Lifetime {

  /** Blocks while {@code server} should run, then closes it (or leaves that to a shutdown hook). */
  void hold(AutoCloseable server) throws Exception;

  /**
   * Until SIGINT or SIGTERM: a shutdown hook closes the server (gracefully: the engine releases its
   * leases before Vert.x and the embedded Postgres stop) while the calling thread stays parked.
   */
  static Lifetime untilSignal(PrintWriter out, PrintWriter err) {
    return server -> {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    out.println("stopping");
                    try {
                      server.close();
                      out.println("stopped");
                    } catch (Exception e) {
                      err.println("error: stopping failed: " + ServerAssembly.message(e));
                    }
                  },
                  "continuum-shutdown"));
      // The JVM exits once the hook has run; this thread never needs to wake.
      new CountDownLatch(1).await();
    };
  }
}
