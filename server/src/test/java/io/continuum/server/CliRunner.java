package io.continuum.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the real {@link Cli} in-process with captured output and a given environment. */
final class CliRunner {
  private CliRunner() {}

  /** What a finished command left behind. */
  record Result(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  /** Runs a command that ends by itself. */
  static Result run(Map<String, String> env, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var console =
        new Console(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            env,
            server -> {
              throw new AssertionError("this command was not expected to hold a server");
            });
    int code = new Cli(console).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * Starts a server command ({@code dev}, {@code serve}) on its own thread and waits until it holds
   * its server (or ended early, for instance on a bad config).
   */
  static Started start(Map<String, String> env, String... args) throws Exception {
    var started = new Started(args);
    var console =
        new Console(
            new PrintWriter(started.out, true),
            new PrintWriter(started.err, true),
            env,
            started::hold);
    var thread =
        new Thread(
            () -> {
              try {
                started.exit.complete(new Cli(console).execute(args));
              } catch (Throwable t) {
                started.exit.completeExceptionally(t);
              }
            },
            "cli-" + args[0]);
    thread.setDaemon(true);
    thread.start();
    CompletableFuture.anyOf(started.running, started.exit).get(60, TimeUnit.SECONDS);
    return started;
  }

  /** A server command running in this JVM. */
  static final class Started implements AutoCloseable {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CompletableFuture<AutoCloseable> running = new CompletableFuture<>();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final String[] args;

    private Started(String[] args) {
      this.args = args;
    }

    private void hold(AutoCloseable server) throws Exception {
      running.complete(server);
      stop.await();
      server.close();
    }

    /** The server the command holds; fails the test if it ended instead. */
    AutoCloseable server() {
      if (!running.isDone()) {
        throw new AssertionError(
            Arrays.toString(args) + " ended with " + exit.join() + ": " + err + out);
      }
      return running.join();
    }

    /** The value of the first stdout line starting with {@code prefix}. */
    String line(String prefix) {
      return out.toString()
          .lines()
          .filter(l -> l.startsWith(prefix))
          .map(l -> l.substring(prefix.length()).trim())
          .findFirst()
          .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in:\n" + out));
    }

    /** Waits (bounded, 20 s) until stdout holds {@code part}; fails the test otherwise. */
    void awaitOutput(String part) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!out.toString().contains(part)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no line with '" + part + "' in:\n" + out + err);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
      }
    }

    /** Stops the server as a signal would and returns the command's exit code. */
    int stop() throws Exception {
      stop.countDown();
      return exit.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      if (!exit.isDone()) {
        stop();
      }
    }
  }
}
