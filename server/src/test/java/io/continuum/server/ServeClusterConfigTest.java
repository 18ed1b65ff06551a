package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.cluster.ClusterOptions;
import io.continuum.http.ApiKeys;
import io.continuum.http.Role;
import io.continuum.runtime.EngineOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code cluster} section of {@code continuum serve --config}, its {@code CONTINUUM_CLUSTER_*}
 * overrides, {@code pg.listen} and {@code engine.forwardTimeout}: what they resolve to, and every
 * value refused before anything starts.
 */
class ServeClusterConfigTest {
  // Settings need a database URL and a key; nothing connects to either here.
  private static final String BASE =
      "pg: {url: 'postgresql://u:p@127.0.0.1:1/db'}\napiKeysFile: keys.json\n";

  @TempDir Path dir;

  @BeforeEach
  void keys() throws IOException {
    var made = ApiKeys.generate(Role.WRITER, Set.of("default"));
    ApiKeys.of(List.of(made.key())).write(dir.resolve("keys.json"));
  }

  @Test
  void aFullSectionIsTakenAsWrittenAndMembersOnLoopbackJoinQuickly() throws IOException {
    ServerSettings settings =
        resolve(
            """
            cluster:
              name: orders-prod
              host: 127.0.0.1
              port: 15701
              members: [127.0.0.1:15701, '127.0.0.1:15702', localhost]
              eventBusPort: 15801
            """,
            Map.of());

    assertThat(settings.cluster())
        .isEqualTo(
            new ClusterOptions(
                "orders-prod",
                "127.0.0.1",
                15701,
                false,
                List.of("127.0.0.1:15701", "127.0.0.1:15702", "localhost"),
                15801,
                "jdk",
                true));
  }

  @Test
  void aHostAloneJoinsClusterContinuumByMulticastOnPort5701OrTheNextFreeOne() throws IOException {
    ServerSettings settings = resolve("cluster: {host: 127.0.0.1}\n", Map.of());

    assertThat(settings.cluster())
        .isEqualTo(
            new ClusterOptions("continuum", "127.0.0.1", 5701, true, List.of(), 0, "jdk", false));
    // Hazelcast's usual waits unless every member is on loopback
    assertThat(
            resolve("cluster: {host: 127.0.0.1, members: [10.0.0.6]}\n", Map.of())
                .cluster()
                .quickJoin())
        .isFalse();
  }

  @Test
  void theEnvironmentWinsOverTheFile() throws IOException {
    var env =
        Map.of(
            "CONTINUUM_CLUSTER_NAME", "from-env",
            "CONTINUUM_CLUSTER_HOST", "127.0.0.1",
            "CONTINUUM_CLUSTER_PORT", "25701",
            "CONTINUUM_CLUSTER_MEMBERS", " 127.0.0.1:25701 ,127.0.0.1:25702");
    ServerSettings settings =
        resolve(
            "cluster: {name: from-file, host: 10.9.9.9, port: 5701, members: [10.0.0.6]}\n", env);

    assertThat(settings.cluster())
        .isEqualTo(
            new ClusterOptions(
                "from-env",
                "127.0.0.1",
                25701,
                false,
                List.of("127.0.0.1:25701", "127.0.0.1:25702"),
                0,
                "jdk",
                true));
  }

  @Test
  void membersInTheEnvironmentClusterANodeWhoseFileHasNoSection() throws IOException {
    ServerSettings settings =
        resolve(
            "",
            Map.of(
                "CONTINUUM_CLUSTER_MEMBERS", "10.0.0.5:5701,10.0.0.6:5701",
                "CONTINUUM_CLUSTER_HOST", "127.0.0.1"));

    assertThat(settings.cluster().clusterName()).isEqualTo("continuum");
    assertThat(settings.cluster().members()).containsExactly("10.0.0.5:5701", "10.0.0.6:5701");
  }

  @Test
  void withoutSectionOrMembersANodeRunsAloneListeningForNoticesWithTheDefaultForwardTimeout()
      throws IOException {
    ServerSettings settings = resolve("", Map.of());

    assertThat(settings.cluster()).isNull();
    assertThat(((JournalSettings.Postgres) settings.journal()).listen()).isTrue();
    assertThat(settings.engine()).isEqualTo(EngineTuning.DEFAULTS);
  }

  @Test
  void pgListenAndEngineForwardTimeoutAreRead() throws IOException {
    ServerSettings settings =
        resolve(
            """
            pg: {url: 'postgresql://u:p@127.0.0.1:1/db', listen: false}
            engine: {forwardTimeout: 750ms}
            """,
            Map.of(),
            "apiKeysFile: keys.json\n");

    assertThat(((JournalSettings.Postgres) settings.journal()).listen()).isFalse();
    assertThat(settings.engine().applyTo(EngineOptions.defaults()).forwardTimeout())
        .isEqualTo(Duration.ofMillis(750));
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "cluster: {host: 127.0.0.1, port: 70000}",
            Map.of(),
            "cluster.port must be between 1 and 65535, not 70000"),
        Arguments.of(
            "cluster: {host: 127.0.0.1, port: 0}",
            Map.of(),
            "cluster.port must be between 1 and 65535, not 0"),
        Arguments.of(
            "cluster: {host: 127.0.0.1}",
            Map.of("CONTINUUM_CLUSTER_PORT", "57o1"),
            "CONTINUUM_CLUSTER_PORT is not a port number: 57o1"),
        Arguments.of(
            "cluster: {host: 127.0.0.1}",
            Map.of("CONTINUUM_CLUSTER_PORT", "65536"),
            "CONTINUUM_CLUSTER_PORT must be between 1 and 65535, not 65536"),
        Arguments.of("cluster: {host: '  '}", Map.of(), "cluster.host must not be blank"),
        Arguments.of(
            "cluster: {name: orders}",
            Map.of(),
            "a clustered node needs cluster.host (or CONTINUUM_CLUSTER_HOST): the address of this"
                + " machine Hazelcast and the event bus bind to"),
        Arguments.of(
            "",
            Map.of("CONTINUUM_CLUSTER_MEMBERS", "10.0.0.6"),
            "a clustered node needs cluster.host (or CONTINUUM_CLUSTER_HOST): the address of this"
                + " machine Hazelcast and the event bus bind to"),
        Arguments.of(
            "cluster: {host: 0.0.0.0}",
            Map.of(),
            "cluster.host must be one interface's address, not 0.0.0.0 (the cluster would listen"
                + " on every interface) (this machine's: "),
        Arguments.of(
            "cluster: {host: 127.0.0.1}",
            Map.of("CONTINUUM_CLUSTER_HOST", "192.0.2.1"),
            "CONTINUUM_CLUSTER_HOST 192.0.2.1 is not an address of this machine (this machine's: "),
        Arguments.of(
            "cluster: {host: localhost}",
            Map.of(),
            "cluster.host must be an IPv4 address of this machine, not localhost (this machine's: "),
        Arguments.of(
            "cluster: {host: 127.0.0.1, members: ['10.0.0.6:5701:1']}",
            Map.of(),
            "cluster.members: '10.0.0.6:5701:1' is not host or host:port (e.g. 10.0.0.6 or"
                + " 10.0.0.6:5701)"),
        Arguments.of(
            "cluster: {host: 127.0.0.1, members: ['10.0.0.6:99999']}",
            Map.of(),
            "cluster.members: '10.0.0.6:99999' is not host or host:port"),
        Arguments.of(
            "cluster: {host: 127.0.0.1, members: [10.0.0.1-9]}",
            Map.of(),
            "cluster.members: '10.0.0.1-9' is not host or host:port"),
        Arguments.of(
            "cluster: {host: 127.0.0.1, members: [10.0.0.256]}",
            Map.of(),
            "cluster.members: '10.0.0.256' is not host or host:port"),
        Arguments.of(
            "cluster: {host: 127.0.0.1, members: ['']}",
            Map.of(),
            "cluster.members: '' is not host or host:port"),
        Arguments.of(
            "",
            Map.of(
                "CONTINUUM_CLUSTER_HOST", "127.0.0.1",
                "CONTINUUM_CLUSTER_MEMBERS", "127.0.0.1:5701,,127.0.0.1:5702"),
            "CONTINUUM_CLUSTER_MEMBERS: '' is not host or host:port"),
        Arguments.of(
            "cluster: {host: 127.0.0.1, eventBusPort: -1}",
            Map.of(),
            "cluster.eventBusPort must be between 0 (any free port) and 65535, not -1"),
        Arguments.of(
            "cluster: {host: 127.0.0.1, name: ' '}", Map.of(), "cluster.name must not be blank"),
        Arguments.of(
            "",
            Map.of("CONTINUUM_CLUSTER_HOST", "127.0.0.1"),
            "CONTINUUM_CLUSTER_HOST is set but this node is not clustered: add a cluster section"
                + " to the config file or set CONTINUUM_CLUSTER_MEMBERS"),
        Arguments.of(
            "engine: {forwardTimeout: 0s}", Map.of(), "engine.forwardTimeout must be positive: 0s"),
        Arguments.of(
            "engine: {forwardTimeout: soon}",
            Map.of(),
            "engine.forwardTimeout is not a duration (10s, 500ms, 2m or PT10S): soon"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void badValuesAreRefusedBeforeAnythingStarts(String yaml, Map<String, String> env, String message)
      throws IOException {
    Path config = Files.writeString(dir.resolve("config.yaml"), BASE + yaml + "\n");

    var result = CliRunner.run(env, "serve", "--config", config.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("error: " + message).hasLineCount(1);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void unknownKeysInTheSectionAndAListenThatIsNoBooleanAreRefused() throws IOException {
    Path typo =
        Files.writeString(dir.resolve("typo.yaml"), BASE + "cluster: {host: 127.0.0.1, hots: x}");
    var unknown = CliRunner.run(Map.of(), "serve", "--config", typo.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .startsWith("error: " + typo + ": unknown key 'hots' (known: [")
        .contains("members")
        .hasLineCount(1);

    Path listen =
        Files.writeString(
            dir.resolve("listen.yaml"), "pg: {url: 'postgresql://u@h/db', listen: maybe}\n");
    var notBoolean = CliRunner.run(Map.of(), "serve", "--config", listen.toString());
    assertThat(notBoolean.exitCode()).isEqualTo(2);
    assertThat(notBoolean.err()).startsWith("error: " + listen + ":1: ").contains("maybe");
  }

  private ServerSettings resolve(String yaml, Map<String, String> env) throws IOException {
    return resolve(yaml, env, BASE);
  }

  private ServerSettings resolve(String yaml, Map<String, String> env, String base)
      throws IOException {
    Path config = Files.writeString(dir.resolve("config.yaml"), base + yaml);
    var console =
        new Console(
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            env,
            server -> {});
    return ServeConfig.read(config).resolve(console, dir, false);
  }
}
