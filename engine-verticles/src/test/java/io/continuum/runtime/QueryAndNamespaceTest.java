package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Continuum;
import io.continuum.InvalidQuery;
import io.continuum.RunDescription;
import io.continuum.RunNotFound;
import io.continuum.RunPage;
import io.continuum.RunQuery;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.testing.TestEnvironment;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class QueryAndNamespaceTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  public static final class Waits implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.setAttributes(Map.of("input", in));
      return ctx.awaitSignal("go", String.class);
    }
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder().workflow(Waits.class).build();
  }

  private static <T> T join(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void start(Continuum client, String id, String ns) {
    join(client.start(Waits.class, id, StartOptions.withId(id).withNamespace(ns)));
  }

  @Test
  void pagesWalkEveryRunOnceWithCursorsBoundToTheirQuery() {
    try (var env = env()) {
      for (int i = 0; i < 7; i++) {
        start(env.client(), "run-" + i, "default");
      }
      start(env.client(), "elsewhere", "billing");
      RunQuery q = RunQuery.in("default").withLimit(3);
      List<String> seen = new ArrayList<>();
      RunPage page = join(env.client().query(q));
      seen.addAll(page.runs().stream().map(RunDescription::runId).toList());
      while (page.nextCursor() != null) {
        page = join(env.client().query(q.withCursor(page.nextCursor())));
        seen.addAll(page.runs().stream().map(RunDescription::runId).toList());
      }
      assertThat(seen).hasSize(7).doesNotHaveDuplicates().doesNotContain("elsewhere");

      String cursor = join(env.client().query(q)).nextCursor();
      assertThatThrownBy(
              () ->
                  join(
                      env.client()
                          .query(q.withStates(Set.of(RunState.SUSPENDED)).withCursor(cursor))))
          .isInstanceOf(InvalidQuery.class)
          .hasMessageContaining("other filters");
      assertThatThrownBy(() -> join(env.client().query(q.withCursor("x" + cursor))))
          .isInstanceOf(InvalidQuery.class);
      assertThatThrownBy(() -> join(env.client().query(q.withCursor("%%%"))))
          .isInstanceOf(InvalidQuery.class)
          .hasMessageContaining("malformed");
    }
  }

  @Test
  void attributesSetByTheWorkflowAndByTheClientAreSearchable() {
    try (var env = env()) {
      start(env.client(), "a", "default");
      start(env.client(), "b", "default");
      join(env.client().setAttributes("b", Map.of("priority", 2)));

      var byInput =
          join(env.client().query(RunQuery.in("default").withAttributes(Map.of("input", "a"))));
      assertThat(byInput.runs()).extracting(RunDescription::runId).containsExactly("a");
      var byPriority =
          join(env.client().query(RunQuery.in("default").withAttributes(Map.of("priority", 2))));
      assertThat(byPriority.runs()).extracting(RunDescription::runId).containsExactly("b");
      assertThat(env.getRun("b").attributes())
          .containsEntry("input", "b")
          .containsEntry("priority", 2);
      assertThatThrownBy(() -> join(env.client().setAttributes("b", Map.of("bad name!", 1))))
          .isInstanceOf(InvalidQuery.class);
    }
  }

  @Test
  void aNamespacedClientTreatsAnotherNamespacesRunLikeAMissingOneAndWritesNothing() {
    try (var env = env()) {
      start(env.client(), "theirs", "billing");
      Continuum mine = env.client().inNamespace("shipping");

      for (Future<?> call :
          List.<Future<?>>of(
              mine.getRun("theirs"),
              mine.signal("theirs", "go", "x"),
              mine.cancel("theirs"),
              mine.setAttributes("theirs", Map.of("x", 1)),
              mine.history("theirs", 0, 10),
              mine.getRun("nobody"))) {
        assertThatThrownBy(() -> join(call)).isInstanceOf(RunNotFound.class);
      }
      assertThat(join(env.journal().inbox("billing/theirs")).items()).isEmpty();
      assertThat(env.getRun("billing/theirs").state()).isEqualTo(RunState.SUSPENDED);
      assertThat(env.getRun("billing/theirs").attributes()).doesNotContainKey("x");
      assertThatThrownBy(() -> join(mine.query(RunQuery.in("billing"))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(join(mine.query(RunQuery.in("shipping"))).runs()).isEmpty();

      // The same id in another namespace is another run: no conflict, nothing learned.
      var same = join(mine.start(Waits.class, "other input", StartOptions.withId("theirs")));
      assertThat(same.created()).isTrue();
      assertThat(same.ref()).isEqualTo(RunRef.of("shipping", "theirs"));
      assertThat(join(mine.getRun("theirs")).namespace()).isEqualTo("shipping");
      join(mine.signal("theirs", "go", "mine"));
      assertThat(join(mine.await("theirs", String.class, WAIT))).isEqualTo("mine");
      assertThat(env.getRun("billing/theirs").state()).isEqualTo(RunState.SUSPENDED);
      assertThatThrownBy(() -> join(env.client().getRun("theirs"))).isInstanceOf(RunNotFound.class);
      start(mine, "ours", "shipping");
      assertThat(join(mine.getRun("ours")).namespace()).isEqualTo("shipping");
      join(mine.signal("ours", "go", "done"));
      assertThat(join(mine.await("ours", String.class, WAIT))).isEqualTo("done");
    }
  }
}
