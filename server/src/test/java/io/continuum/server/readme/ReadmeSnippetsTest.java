package io.continuum.server.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 9: the README's embedding example is this package's {@link GreetingApp}, word for
 * word (so it compiles, imports included, with every build), and it runs: a greeting, then the
 * engine and the journal shut down in order.
 */
class ReadmeSnippetsTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path SNIPPETS = Path.of("src/test/java/io/continuum/server/readme");

  @Test
  void theReadmeShowsEverySnippetWordForWord() throws IOException {
    List<String> blocks = javaBlocks(Files.readString(README));
    for (String file : List.of("GreetingApp.java", "SearchRuns.java", "ClusteredGreetings.java")) {
      String source = Files.readString(SNIPPETS.resolve(file));
      String withoutPackage = source.substring(source.indexOf("import ")).strip();
      assertThat(blocks)
          .as("a ```java block of the README is " + file + " after its package line")
          .anyMatch(block -> block.strip().equals(withoutPackage));
    }
  }

  /**
   * Every other ```java block of the README is a fragment (a workflow body, a test, a builder
   * call): each appears, token for token (whitespace aside, comments included), in a class of the
   * {@code fragments} package, where it compiles with the rest of the test sources.
   */
  @Test
  void everyReadmeFragmentCompilesInItsContext() throws IOException {
    List<String> blocks = javaBlocks(Files.readString(README));
    StringBuilder sources = new StringBuilder();
    try (var files = Files.list(SNIPPETS.resolve("fragments"))) {
      for (Path f : files.sorted().toList()) {
        sources.append(tokens(Files.readString(f)));
      }
    }
    for (String file : List.of("GreetingApp.java", "SearchRuns.java", "ClusteredGreetings.java")) {
      sources.append(tokens(Files.readString(SNIPPETS.resolve(file))));
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(9);
    for (String block : blocks) {
      assertThat(sources.toString().contains(tokens(block)))
          .as("README block:%n%s%nis not in readme/fragments (or the embedding snippets)", block)
          .isTrue();
    }
  }

  @Test
  void theTestKitSnippetRunsACheckoutToItsEnd() {
    var charged = new java.util.concurrent.atomic.AtomicInteger();
    io.continuum.server.readme.fragments.TourCheckout.testKit(
        order -> "charge-" + charged.incrementAndGet(),
        new io.continuum.server.readme.fragments.TourCheckout.Order("o-1", 4200));
    assertThat(charged).hasValue(1);
  }

  private static String tokens(String java) {
    return java.replaceAll("\\s+", "");
  }

  @Test
  void theSearchSnippetFindsTheRunItTagged() throws Exception {
    var db = PgTestDatabase.shared().newDatabase();
    Vertx vertx = Vertx.vertx();
    try {
      var journal =
          PgTestDatabase.join(
              io.continuum.pg.PgJournal.create(
                  vertx, db, io.continuum.pg.PgJournalOptions.defaults()));
      var engine =
          PgTestDatabase.join(
              io.continuum.runtime.Engine.builder()
                  .journal(journal)
                  .workflow(GreetingApp.Greet.class)
                  .activity(new GreetingApp.ComposeGreeting())
                  .build()
                  .deploy(vertx));
      var page = PgTestDatabase.join(SearchRuns.tagAndFind(engine));
      assertThat(page.runs())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.runId()).isEqualTo("greet-grace");
                assertThat(r.attributes()).containsEntry("reviewed", true);
              });
      PgTestDatabase.join(engine.undeploy());
      PgTestDatabase.join(journal.close());
    } finally {
      PgTestDatabase.join(vertx.close());
      PgTestDatabase.shared().drop(db);
    }
  }

  @Test
  void theGreetingAppGreetsAndShutsDown() throws Exception {
    var db = PgTestDatabase.shared().newDatabase();
    Vertx vertx = Vertx.vertx();
    try {
      assertThat(PgTestDatabase.join(GreetingApp.greet(vertx, db, "Ada"))).isEqualTo("Hello, Ada!");
      assertThat(vertx.deploymentIDs()).as("the engine undeployed every verticle").isEmpty();
    } finally {
      PgTestDatabase.join(vertx.close());
      PgTestDatabase.shared().drop(db);
    }
  }

  @Test
  void twoClusteredGreetingNodesServeOneRunBetweenThem() throws Exception {
    var db = PgTestDatabase.shared().newDatabase();
    int portA = freePort();
    int portB = freePort();
    String name = "greetings-" + java.util.UUID.randomUUID();
    var a =
        PgTestDatabase.join(
            ClusteredGreetings.join(
                io.continuum.cluster.ClusterOptions.loopback(name, portA, List.of(portA, portB)),
                db,
                "node-a"));
    var b =
        PgTestDatabase.join(
            ClusteredGreetings.join(
                io.continuum.cluster.ClusterOptions.loopback(name, portB, List.of(portA, portB)),
                db,
                "node-b"));
    try {
      var run =
          PgTestDatabase.join(
              a.engine()
                  .client()
                  .start(
                      GreetingApp.Greet.class,
                      "Grace",
                      io.continuum.StartOptions.withId("greet-clustered")));
      // awaited on the other member: the end is published to every node
      assertThat(
              PgTestDatabase.join(
                  b.engine().client().await(run.runId(), String.class, Duration.ofSeconds(20))))
          .isEqualTo("Hello, Grace!");
    } finally {
      PgTestDatabase.join(b.leave());
      PgTestDatabase.join(a.leave());
      PgTestDatabase.shared().drop(db);
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static List<String> javaBlocks(String markdown) {
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }
}
