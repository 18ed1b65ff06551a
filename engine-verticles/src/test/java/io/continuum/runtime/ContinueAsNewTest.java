package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.core.event.Event;
import io.continuum.testing.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ContinueAsNewTest {

  /** What a chain has observed so far, and how many signals it waits for in all. */
  public record Tally(List<String> seen, int target) {}

  /** Counts signals and continues as new every 10 of them until it saw {@code target}. */
  @WorkflowType("tally")
  public static final class Counter implements Workflow<Tally, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, Tally in) {
      List<String> seen = new ArrayList<>(in.seen());
      for (int i = 0; i < 10 && seen.size() < in.target(); i++) {
        seen.add(ctx.awaitSignal("n", String.class));
      }
      return seen.size() >= in.target() ? seen : ctx.continueAsNew(new Tally(seen, in.target()));
    }
  }

  private static <T> T join(io.vertx.core.Future<T> f, Duration timeout) throws Exception {
    return f.toCompletionStage()
        .toCompletableFuture()
        .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder().workflow(Counter.class).build();
  }

  @Test
  void signalsFromConcurrentSendersToTheRootAreEachSeenOnceInOrderAcrossTheChain()
      throws Exception {
    try (var env = env()) {
      var handle = env.start(Counter.class, new Tally(List.of(), 100), StartOptions.withId("c"));
      ExecutorService senders = Executors.newFixedThreadPool(5);
      List<Future<?>> sent = new ArrayList<>();
      for (int s = 0; s < 5; s++) {
        int sender = s;
        sent.add(
            senders.submit(
                (java.util.concurrent.Callable<Void>)
                    () -> {
                      for (int i = 0; i < 20; i++) {
                        join(
                            env.client().signal("c", "n", sender + ":" + i),
                            Duration.ofSeconds(30));
                      }
                      return null;
                    }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
      senders.shutdown();
      List<String> seen =
          join(env.client().await("c", List.class, Duration.ofSeconds(30)), Duration.ofSeconds(30));

      assertThat(seen).hasSize(100).doesNotHaveDuplicates();
      Map<String, Integer> next = new HashMap<>();
      for (String v : seen) {
        String[] parts = v.split(":");
        int expected = next.getOrDefault(parts[0], 0);
        assertThat(Integer.parseInt(parts[1]))
            .as("order of sender " + parts[0])
            .isEqualTo(expected);
        next.put(parts[0], expected + 1);
      }
      assertThat(env.journal().runIds())
          .hasSize(10)
          .startsWith("c", "c:cont-1")
          .endsWith("c:cont-9");
      var tip = env.getRun("c");
      assertThat(tip.runId()).isEqualTo("c:cont-9");
      assertThat(tip.state()).isEqualTo(RunState.COMPLETED);
      assertThat(tip.correlationId()).isEqualTo("c");
      assertThat(tip.continuedFrom()).isEqualTo("c:cont-8");
      var last = env.history("c").get(env.history("c").size() - 1).event();
      assertThat(last)
          .isEqualTo(new Event.RunContinued("c:cont-1", ((Event.RunContinued) last).input()));
      assertThat(join(env.journal().run("c"), Duration.ofSeconds(5)).state())
          .isEqualTo(RunState.CONTINUED);
      assertThat(handle.runId()).isEqualTo("c");
    }
  }
}
