package io.continuum.server;

import io.continuum.pg.Migrator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code continuum migrate}: brings a database's schema to this version's. */
@Command(
    name = "migrate",
    header = "Apply the pending schema migrations to a database.",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description =
        "Applies the journal's pending schema migrations, each in its own transaction, under "
            + "an advisory lock (safe to run from several places at once). Prints each migration "
            + "applied and the resulting schema version; running it again applies nothing.")
final class MigrateCommand implements Callable<Integer> {
  private final Console console;

  @Mixin PgUrlOption pg;

  MigrateCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    var connect = pg.connect(console);
    List<String> applied =
        AdminSession.withVertx(
            vertx -> Migrator.migrate(vertx, PgUrl.quiet(connect)),
            Duration.ofMinutes(30),
            "migrate");
    var out = console.out();
    if (applied.isEmpty()) {
      out.println("schema is up to date");
    }
    for (String name : applied) {
      out.println("applied: " + name);
    }
    out.println("schema version: " + Migrator.LATEST);
    return 0;
  }
}
