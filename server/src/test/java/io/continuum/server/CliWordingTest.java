package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13, item 11: what the command line says when a user gets it wrong, or asks. */
class CliWordingTest {

  @Test
  void noCommandListsEveryCommand() {
    var r = CliRunner.run(Map.of());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("error: choose a command: dev, serve, migrate, keys, partitions, check,")
        .contains("archive-chains")
        .contains("help");
  }

  @Test
  void helpPrintsTheHelpOfACommand() {
    var top = CliRunner.run(Map.of(), "help");
    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).contains("Usage: continuum").contains("Start here: continuum dev");
    var partitions = CliRunner.run(Map.of(), "help", "partitions");
    assertThat(partitions.exitCode()).isZero();
    assertThat(partitions.out()).contains("Usage: continuum partitions");
  }

  @Test
  void aMistypedCommandGetsASuggestion() {
    var r = CliRunner.run(Map.of(), "kyes", "list");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: 'kyes' is not a command of continuum; did you mean keys? (see 'continuum"
                + " --help')\n");
    var sub = CliRunner.run(Map.of(), "keys", "lst");
    assertThat(sub.err()).contains("'lst' is not a command of continuum keys; did you mean list?");
    var far = CliRunner.run(Map.of(), "frobnicate");
    assertThat(far.err()).startsWith("error: 'frobnicate' is not a command of continuum (see");
  }

  @Test
  void suggestionsAreTheNearCommands() {
    var commands = List.of("dev", "serve", "migrate", "keys", "check", "check-replay");
    assertThat(Cli.near("serv", commands)).containsExactly("serve");
    assertThat(Cli.near("migarte", commands)).containsExactly("migrate");
    assertThat(Cli.near("chek", commands)).contains("check");
    assertThat(Cli.near("xyz", commands)).isEmpty();
  }

  @Test
  void aBadRoleOrAgeSaysWhatIsAccepted() {
    var role =
        CliRunner.run(
            Map.of(), "keys", "create", "--role", "boss", "--namespace", "x", "--file", "k.json");
    assertThat(role.exitCode()).isEqualTo(2);
    assertThat(role.err())
        .contains("'boss' is not a role: reader, writer or admin")
        .doesNotContain("READER");
    var age =
        CliRunner.run(
            Map.of(), "archive-chains", "--older-than", "3x", "--pg-url", "postgresql://x@h/db");
    assertThat(age.exitCode()).isEqualTo(2);
    assertThat(age.err()).contains("'3x' is not an age: use 30d, 12h, 90m, 45s or ISO-8601");
  }
}
