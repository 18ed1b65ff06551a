package io.continuum.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 2: {@code dev --classpath} runs the user's own workflow, and reloads it when the
 * user recompiles: new runs start on the new version, an open run goes on with the version it
 * started on.
 */
class DevHotReloadTest {

  private static final String SOURCE =
      """
      package com.acme;

      import io.continuum.Workflow;
      import io.continuum.WorkflowContext;
      import io.continuum.WorkflowType;

      @WorkflowType("acme.hello")
      public final class Hello implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String name) {
          String go = ctx.awaitSignal("go", String.class);
          return "%s, " + name + " (" + go + ")";
        }
      }
      """;

  @Test
  void theUsersWorkflowRunsAndARecompileStartsNewRunsOnTheNewVersion(@TempDir Path dir)
      throws Exception {
    Path classes = dir.resolve("classes");
    compile(dir, classes, "Hello v1");
    try (var dev =
        CliRunner.start(
            Map.of(),
            "dev",
            "--in-memory",
            "--no-examples",
            "--classpath",
            classes.toString(),
            "--port",
            "0",
            "--data-dir",
            dir.resolve("data").toString())) {
      dev.server();
      assertThat(dev.out.toString())
          .containsPattern("workflow: acme.hello @[0-9a-f]{12} com.acme.Hello");
      var http = new Http(dev.line("api:"), dev.line("api-key:"));
      assertThat(http.get("/workflows").body()).doesNotContain("orders.checkout");
      start(http, "old");

      compile(dir, classes, "Hello v2");
      dev.awaitOutput("reloaded: acme.hello @");
      start(http, "new");
      for (String id : List.of("old", "new")) {
        assertThat(http.post("/namespaces/default/runs/" + id + "/signals/go", "\"now\"").status())
            .isEqualTo(202);
      }
      assertThat(result(http, "old")).isEqualTo("Hello v1, old (now)");
      assertThat(result(http, "new")).isEqualTo("Hello v2, new (now)");
      assertThat(http.get("/workflows").json().findValues("versions").get(0)).hasSize(2);

      // Code the determinism check refuses is not loaded; the previous code keeps running.
      compile(dir, classes, "Hello \" + java.time.Instant.now() + \"");
      dev.awaitOutput("reload failed, still running the previous code");
      assertThat(dev.out.toString()).contains("wall-clock");
      start(http, "after");
      http.post("/namespaces/default/runs/after/signals/go", "\"now\"");
      assertThat(result(http, "after")).isEqualTo("Hello v2, after (now)");
      assertThat(dev.stop()).isZero();
    }
  }

  private static void start(Http http, String id) {
    var started =
        http.post(
            "/namespaces/default/runs",
            "{\"workflow\":\"acme.hello\",\"id\":\"" + id + "\",\"input\":\"" + id + "\"}");
    assertThat(started.status()).as(started.body()).isEqualTo(201);
  }

  private static String result(Http http, String id) {
    var r = http.get("/namespaces/default/runs/" + id + "/result?wait=20s");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().path("result").asText();
  }

  // Compiles the workflow into a fresh directory and moves it over the old classes at once, as a
  // build tool's output would change.
  private static void compile(Path dir, Path classes, String greeting) throws IOException {
    Path src = dir.resolve("src/com/acme/Hello.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, SOURCE.formatted(greeting));
    Path out = Files.createTempDirectory(dir, "out");
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                out.toString(),
                src.toString());
    assertThat(rc).as("javac").isZero();
    Path target = classes.resolve("com/acme/Hello.class");
    Files.createDirectories(target.getParent());
    Files.copy(
        out.resolve("com/acme/Hello.class"),
        target,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    // a recompile within the same second must still look changed
    Files.setLastModifiedTime(
        target, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
  }
}
