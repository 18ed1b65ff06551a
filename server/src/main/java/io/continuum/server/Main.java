package io.continuum.server;

/**
 * The {@code continuum} command line, the fat jar's entry point.
 *
 * <pre>{@code
 * java -jar server/target/continuum-server.jar dev
 * java -jar server/target/continuum-server.jar serve --config continuum.yaml
 * java -jar server/target/continuum-server.jar --help
 * }</pre>
 */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its code (0 ok, 1 failure, 2 usage or config error). */
  public static void main(String[] args) {
    System.exit(new Cli(Console.system()).execute(args));
  }
}
