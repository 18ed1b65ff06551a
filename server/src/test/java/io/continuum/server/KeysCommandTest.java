package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.ApiKey;
import io.continuum.http.ApiKeys;
import io.continuum.http.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {

  @Test
  void createPrintsTheKeyOnceAndStoresOnlyItsHash(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("conf/keys.json");
    var writer =
        CliRunner.run(
            Map.of(),
            "keys",
            "create",
            "--role",
            "writer",
            "--namespace",
            "orders",
            "--namespace",
            "billing",
            "--file",
            file.toString());
    assertThat(writer.exitCode()).as(writer.err()).isZero();
    String plain = line(writer, "api-key: ");
    assertThat(plain).matches("ck_[a-z0-9]+_[A-Za-z0-9_-]+");
    String secret = plain.substring(plain.indexOf('_', 3) + 1);

    var admin =
        CliRunner.run(
            Map.of(), "keys", "create", "--role", "ADMIN", "--namespace", "*", "--file", "" + file);
    assertThat(admin.exitCode()).as(admin.err()).isZero();

    String stored = Files.readString(file);
    assertThat(stored).doesNotContain(secret).doesNotContain(plain);
    ApiKeys keys = ApiKeys.read(file);
    ApiKey key = keys.authenticate(plain).orElseThrow();
    assertThat(key.role()).isEqualTo(Role.WRITER);
    assertThat(key.namespaces()).isEqualTo(Set.of("orders", "billing"));
    assertThat(keys.authenticate(line(admin, "api-key: ")).orElseThrow().role())
        .isEqualTo(Role.ADMIN);

    var list = CliRunner.run(Map.of(), "keys", "list", "--file", file.toString());
    assertThat(list.exitCode()).isZero();
    ApiKey adminKey = keys.authenticate(line(admin, "api-key: ")).orElseThrow();
    String writerLine = String.format("%-14s %-7s %s", key.id(), "writer", "billing,orders");
    String adminLine = String.format("%-14s %-7s %s", adminKey.id(), "admin", "*");
    assertThat(list.lines())
        .containsExactly(
            "ID             ROLE    NAMESPACES",
            key.id().compareTo(adminKey.id()) < 0 ? writerLine : adminLine,
            key.id().compareTo(adminKey.id()) < 0 ? adminLine : writerLine);
    for (ApiKey k : keys.keys()) {
      assertThat(list.out()).doesNotContain(k.sha256());
    }
  }

  @Test
  void badArgumentsAreUsageErrors(@TempDir Path dir) {
    String file = dir.resolve("keys.json").toString();
    var badRole =
        CliRunner.run(
            Map.of(), "keys", "create", "--role", "root", "--namespace", "x", "--file", file);
    assertThat(badRole.exitCode()).isEqualTo(2);
    assertThat(badRole.err()).startsWith("error: Invalid value for option '--role'");

    var badNamespace =
        CliRunner.run(
            Map.of(),
            "keys",
            "create",
            "--role",
            "reader",
            "--namespace",
            "Orders!",
            "--file",
            file);
    assertThat(badNamespace.exitCode()).isEqualTo(2);
    assertThat(badNamespace.err()).contains("a namespace is 1-63 characters");

    var noNamespace = CliRunner.run(Map.of(), "keys", "create", "--role", "reader", "--file", file);
    assertThat(noNamespace.exitCode()).isEqualTo(2);

    var missing = CliRunner.run(Map.of(), "keys", "list", "--file", file);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("error: the API keys file " + file + " does not exist\n");
    assertThat(dir.resolve("keys.json")).doesNotExist();
  }

  private static String line(CliRunner.Result result, String prefix) {
    return result.lines().stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElseThrow();
  }
}
