package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.ApiKeys;
import io.continuum.http.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve configs the README shows are ones {@code serve} takes. */
class ReadmeServeConfigTest {
  private static final Path README = Path.of("..", "README.md");

  @TempDir Path dir;

  @Test
  void theDocumentedConfigHasNoUnknownKey() throws IOException {
    String yaml = block(section("### The server (`continuum serve`)"), "```yaml\n", "```");
    ServeConfig config = ServeConfig.read(Files.writeString(dir.resolve("serve.yaml"), yaml));

    assertThat(config.cluster().members()).containsExactly("10.0.0.5:5701", "10.0.0.6:5701");
    assertThat(config.pg().listen()).isTrue();
    assertThat(config.engine().forwardTimeout()).isEqualTo("2s");
  }

  @Test
  void theThreeNodeClusterConfigJoinsOnLoopbackOnEachNodesPort() throws IOException {
    String yaml = block(section("## Running a cluster"), "<<'YAML'\n", "YAML\n");
    Path config = Files.writeString(dir.resolve("cluster.yaml"), yaml);
    var key = ApiKeys.generate(Role.ADMIN, Set.of("*"));
    ApiKeys.of(List.of(key.key())).write(dir.resolve("cluster-keys.json"));
    var env =
        Map.of(
            "CONTINUUM_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres",
            "CONTINUUM_NODE_ID", "node-2",
            "CONTINUUM_PORT", "8082",
            "CONTINUUM_CLUSTER_PORT", "5702");
    var console =
        new Console(
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            env,
            server -> {});

    ServerSettings settings = ServeConfig.read(config).resolve(console, dir, false);

    assertThat(settings.port()).isEqualTo(8082);
    assertThat(settings.examples()).isTrue();
    assertThat(settings.cluster().clusterName()).isEqualTo("demo");
    assertThat(settings.cluster().host()).isEqualTo("127.0.0.1");
    assertThat(settings.cluster().port()).isEqualTo(5702);
    assertThat(settings.cluster().portAutoIncrement()).isFalse();
    assertThat(settings.cluster().members())
        .containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");
    assertThat(settings.cluster().quickJoin()).isTrue();
  }

  // From a heading to the next heading of the same level.
  private static String section(String heading) throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("\n" + heading + "\n");
    assertThat(start).as("README heading %s", heading).isNotNegative();
    String level = heading.substring(0, heading.indexOf(' ') + 1);
    int end = readme.indexOf("\n" + level, start + heading.length() + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static String block(String text, String open, String close) {
    Matcher m =
        Pattern.compile(Pattern.quote(open) + "(.*?)" + Pattern.quote(close), Pattern.DOTALL)
            .matcher(text);
    assertThat(m.find()).as("a block opened by %s", open).isTrue();
    return m.group(1);
  }
}
