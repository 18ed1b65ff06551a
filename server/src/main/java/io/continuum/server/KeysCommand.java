package io.continuum.server;

import io.continuum.StartOptions;
import io.continuum.http.ApiKey;
import io.continuum.http.ApiKeys;
import io.continuum.http.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code continuum keys create|list}: the API keys file of {@code serve}. */
@Command(
    name = "keys",
    header = "Create and list API keys in a keys file.",
    mixinStandardHelpOptions = true,
    versionProvider = ContinuumCommand.Version.class,
    description =
        "Manages an API keys file: it holds each key's id, role, namespaces and the SHA-256 "
            + "of its secret, never the secret itself. Point serve at it with apiKeysFile or "
            + "CONTINUUM_API_KEYS_FILE.")
final class KeysCommand implements Callable<Integer> {
  private final Console console;

  @Spec CommandSpec spec;

  KeysCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "choose a subcommand: create or list");
  }

  @Command(
      name = "create",
      header = "Add a new key to a keys file and print it once.",
      mixinStandardHelpOptions = true,
      versionProvider = ContinuumCommand.Version.class,
      description =
          "Adds a new key to the keys file (creating the file) and prints the key once: 'api-"
              + "key: ck_<id>_<secret>'. Only its hash is stored; a lost key cannot be recovered.")
  int create(
      @Option(
              names = "--role",
              required = true,
              paramLabel = "ROLE",
              description =
                  "reader, writer or admin (each includes the ones before it), or metrics (only"
                      + " /metrics).")
          Role role,
      @Option(
              names = "--namespace",
              required = true,
              paramLabel = "NS",
              description = "A namespace the key acts in, or * for all; repeat for several.")
          List<String> namespaces,
      @Option(
              names = "--file",
              required = true,
              paramLabel = "FILE",
              description = "The keys file.")
          Path file) {
    for (String ns : namespaces) {
      if (!ns.equals("*") && !StartOptions.NAMESPACE.matcher(ns).matches()) {
        throw new ConfigException(
            "--namespace "
                + ns
                + ": a namespace is 1-63 characters of [a-z0-9-] starting with a letter, or *");
      }
    }
    ApiKeys keys = KeysFile.read(file, false);
    ApiKeys.Generated made = ApiKeys.generate(role, new LinkedHashSet<>(namespaces));
    try {
      keys.with(made.key()).write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
    var out = console.out();
    out.println("created key " + made.key().id() + " (" + describe(made.key()) + ") in " + file);
    out.println("api-key: " + made.plainText());
    out.println("this is the only time the key is shown: only its hash is stored");
    return 0;
  }

  @Command(
      name = "list",
      header = "List the keys in a keys file.",
      mixinStandardHelpOptions = true,
      versionProvider = ContinuumCommand.Version.class,
      description = "Lists the keys in the file, by id: id, role and namespaces (never hashes).")
  int list(
      @Option(
              names = "--file",
              required = true,
              paramLabel = "FILE",
              description = "The keys file.")
          Path file) {
    ApiKeys keys = KeysFile.read(file, true);
    var out = console.out();
    out.printf("%-14s %-7s %s%n", "ID", "ROLE", "NAMESPACES");
    // sorted by id: ApiKeys does not keep the file's order
    for (ApiKey key : keys.keys().stream().sorted(Comparator.comparing(ApiKey::id)).toList()) {
      out.printf(
          "%-14s %-7s %s%n",
          key.id(),
          key.role().name().toLowerCase(Locale.ROOT),
          String.join(",", key.namespaces().stream().sorted().toList()));
    }
    return 0;
  }

  private static String describe(ApiKey key) {
    return key.role().name().toLowerCase(Locale.ROOT)
        + ", namespaces "
        + String.join(",", key.namespaces().stream().sorted().toList());
  }
}
