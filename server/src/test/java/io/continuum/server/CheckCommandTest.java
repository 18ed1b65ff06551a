package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Workflow;
import io.continuum.examples.Checkout;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  private static final String BAD =
      """
      package acme;

      import io.continuum.Workflow;
      import io.continuum.WorkflowContext;

      public final class Stamp implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
          return in + java.time.Instant.now() + Helper.twice(in);
        }
      }
      """;
  private static final String HELPER =
      """
      package acme;

      public final class Helper {
        public static String twice(String s) {
          return s + s;
        }
      }
      """;
  private static final String BASE =
      """
      package acme;

      public abstract class Base implements io.continuum.Workflow<String, String> {}
      """;
  private static final String GOOD =
      """
      package acme;

      public final class Echo extends Base {
        public String run(io.continuum.WorkflowContext ctx, String in) {
          return in;
        }
      }
      """;

  @TempDir Path temp;

  @Test
  void reportsEachFindingWithItsLocationAndFailsOnErrors() throws Exception {
    Path classes = compile();

    var result = CliRunner.run(Map.of(), "check", classes.toString());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.lines())
        .containsExactly(
            "ERROR acme.Stamp.run(Stamp.java:8) wall-clock: java.time.Instant.now() — use"
                + " ctx.now() instead of Instant.now()",
            "WARNING acme.Stamp.run(Stamp.java:8) unknown-call: acme.Helper.twice() — annotate"
                + " acme.Helper with @io.continuum.Pure if it is deterministic (its code is then"
                + " scanned too), or trust it with DeterminismOptions.withTrusted(\"acme.Helper\")",
            "checked 2 workflows: 1 errors, 1 warnings");
  }

  @Test
  void trustAndUnknownCallsChangeHowUnknownCallsCount() throws Exception {
    Path jar = jar(compile());

    var strict = CliRunner.run(Map.of(), "check", jar.toString(), "--unknown-calls", "error");
    var trusting = CliRunner.run(Map.of(), "check", jar.toString(), "--trust", "acme.Helper");

    assertThat(strict.lines()).last().isEqualTo("checked 2 workflows: 2 errors, 0 warnings");
    assertThat(trusting.lines()).last().isEqualTo("checked 2 workflows: 1 errors, 0 warnings");
  }

  @Test
  void theExamplesPass() throws Exception {
    Path examples =
        Path.of(Checkout.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    var result = CliRunner.run(Map.of(), "check", examples.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.lines())
        .last()
        .asString()
        .matches("checked [1-9]\\d* workflows: 0 errors, \\d+ warnings");
  }

  @Test
  void aMissingPathIsAUsageError() {
    var result = CliRunner.run(Map.of(), "check", temp.resolve("nope").toString());

    assertThat(result.exitCode()).isEqualTo(Cli.USAGE);
    assertThat(result.err()).contains("is neither a jar nor a classes directory");
  }

  @Test
  void aFileThatIsNotAJarIsAUsageError() throws Exception {
    Path text = Files.writeString(temp.resolve("notes.txt"), "not a jar");

    var result = CliRunner.run(Map.of(), "check", text.toString());

    assertThat(result.exitCode()).isEqualTo(Cli.USAGE);
    assertThat(result.err()).contains("is not a readable jar");
  }

  private Path compile() throws Exception {
    Path src = Files.createDirectories(temp.resolve("src/acme"));
    Path out = Files.createDirectories(temp.resolve("classes"));
    String api =
        Path.of(Workflow.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    List<String> args = new ArrayList<>(List.of("-g", "-d", out.toString(), "-cp", api));
    for (var s : Map.of("Stamp", BAD, "Helper", HELPER, "Base", BASE, "Echo", GOOD).entrySet()) {
      args.add(Files.writeString(src.resolve(s.getKey() + ".java"), s.getValue()).toString());
    }
    var errors = new ByteArrayOutputStream();
    int exit =
        ToolProvider.getSystemJavaCompiler().run(null, null, errors, args.toArray(String[]::new));
    assertThat(exit).as("javac: %s", errors).isZero();
    return out;
  }

  private Path jar(Path classes) throws Exception {
    Path jar = temp.resolve("workflows.jar");
    try (var out = new JarOutputStream(Files.newOutputStream(jar));
        var files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
  }
}
