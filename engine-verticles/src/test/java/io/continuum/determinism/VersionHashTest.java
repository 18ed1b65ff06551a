package io.continuum.determinism;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Workflow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles variants of one workflow (with {@code -g}, so debug information is there to strip) into
 * separate directories, loads each with its own class loader and compares their version hashes.
 */
class VersionHashTest {
  private static final String FLOW =
      """
      package gen;

      import io.continuum.Workflow;
      import io.continuum.WorkflowContext;
      import java.time.Duration;
      import java.util.Map;

      public final class Flow implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
          String greeting = Greeter.greet(in) + Tally.count(in);
          ctx.sleep(Duration.ofMinutes(5));
          ctx.setAttributes(Map.of("greeted", in));
          return Steps.last(greeting);
        }

        static final class Steps {
          static String last(String s) {
            return s.trim();
          }
        }
      }
      """;
  private static final String GREETER =
      """
      package gen;

      @io.continuum.Pure
      public final class Greeter {
        public static String greet(String name) {
          return "hello " + name;
        }
      }
      """;
  private static final String TALLY =
      """
      package gen;

      public final class Tally {
        public static int count(String s) {
          return s.length();
        }
      }
      """;

  @TempDir Path temp;
  private int variants;

  @Test
  void reformattingCommentsBlankLinesAndLocalNamesLeaveTheHashUnchanged() throws Exception {
    String reformatted =
        FLOW.replace("  public String run(", "\n\n  // the body\n  public   String run(\n      ")
            .replace("String greeting = ", "/* renamed */ String message =\n        ")
            .replace("Steps.last(greeting)", "Steps.last( message )")
            .replace("return s.trim();", "return s\n          .trim(); // trimmed");
    String greeterReformatted = GREETER.replace("return \"hello \"", "\n\n    return   \"hello \"");

    assertThat(hash(reformatted, greeterReformatted, TALLY)).isEqualTo(hash(FLOW, GREETER, TALLY));
  }

  @Test
  void changingAConstantChangesTheHash() throws Exception {
    String changed = FLOW.replace("Duration.ofMinutes(5)", "Duration.ofMinutes(6)");

    assertThat(hash(changed, GREETER, TALLY)).isNotEqualTo(hash(FLOW, GREETER, TALLY));
  }

  @Test
  void swappingTwoCallsChangesTheHash() throws Exception {
    String swapped =
        FLOW.replace(
            """
                ctx.sleep(Duration.ofMinutes(5));
                ctx.setAttributes(Map.of("greeted", in));
            """,
            """
                ctx.setAttributes(Map.of("greeted", in));
                ctx.sleep(Duration.ofMinutes(5));
            """);

    assertThat(swapped).isNotEqualTo(FLOW);
    assertThat(hash(swapped, GREETER, TALLY)).isNotEqualTo(hash(FLOW, GREETER, TALLY));
  }

  @Test
  void changingANestedClassChangesTheHash() throws Exception {
    String changed = FLOW.replace("return s.trim();", "return s.strip();");

    assertThat(hash(changed, GREETER, TALLY)).isNotEqualTo(hash(FLOW, GREETER, TALLY));
  }

  @Test
  void changingAPureHelperChangesTheHash() throws Exception {
    String changed = GREETER.replace("\"hello \"", "\"hi \"");

    assertThat(hash(FLOW, changed, TALLY)).isNotEqualTo(hash(FLOW, GREETER, TALLY));
  }

  @Test
  void aHelperWithoutPureIsNotPartOfTheVersion() throws Exception {
    String changed = TALLY.replace("s.length()", "s.length() + 1");

    assertThat(hash(FLOW, GREETER, changed)).isEqualTo(hash(FLOW, GREETER, TALLY));
  }

  @Test
  void theHashIsStable() throws Exception {
    assertThat(hash(FLOW, GREETER, TALLY))
        .isEqualTo(hash(FLOW, GREETER, TALLY))
        .hasSize(64)
        .matches("[0-9a-f]+");
  }

  private String hash(String flow, String greeter, String tally) throws Exception {
    Path src = Files.createDirectories(temp.resolve("v" + variants + "/src/gen"));
    Path out = Files.createDirectories(temp.resolve("v" + variants++ + "/out"));
    Map<String, String> sources = new HashMap<>();
    sources.put("Flow.java", flow);
    sources.put("Greeter.java", greeter);
    sources.put("Tally.java", tally);
    List<String> args = new ArrayList<>(List.of("-g", "-d", out.toString(), "-cp", apiClasspath()));
    for (Map.Entry<String, String> s : sources.entrySet()) {
      Path file = src.resolve(s.getKey());
      Files.writeString(file, s.getValue());
      args.add(file.toString());
    }
    var errors = new ByteArrayOutputStream();
    int exit =
        ToolProvider.getSystemJavaCompiler().run(null, null, errors, args.toArray(String[]::new));
    assertThat(exit).as("javac: %s", errors).isZero();
    URL[] classes = {out.toUri().toURL()};
    try (var loader = new URLClassLoader(classes, getClass().getClassLoader())) {
      return VersionHash.of(loader.loadClass("gen.Flow"));
    }
  }

  private static String apiClasspath() throws URISyntaxException, IOException {
    return Path.of(Workflow.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
  }
}
