package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityFailure;
import io.continuum.ActivityOptions;
import io.continuum.RetryPolicy;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowFailure;
import io.continuum.core.event.Event;
import io.continuum.testing.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RetryTest {

  /** Fails the first {@code failures} attempts of each idempotency key, then succeeds. */
  public static final class Flaky implements Activity<Integer, String> {
    static final Map<String, Integer> CALLS = new ConcurrentHashMap<>();
    static final List<String> KEYS = new CopyOnWriteArrayList<>();

    @Override
    public String execute(ActivityContext ctx, Integer failures) {
      KEYS.add(ctx.idempotencyKey());
      int call = CALLS.merge(ctx.idempotencyKey(), 1, Integer::sum);
      if (call <= failures) {
        throw new IllegalStateException("boom " + call);
      }
      return "ok after " + ctx.attempt();
    }
  }

  public record Try(int failures, int maxAttempts) {}

  public static final class Retrying implements Workflow<Try, String> {
    @Override
    public String run(WorkflowContext ctx, Try t) {
      var options =
          ActivityOptions.defaults()
              .withRetry(
                  RetryPolicy.defaults()
                      .withMaxAttempts(t.maxAttempts())
                      .withInitialBackoff(Duration.ofSeconds(10)));
      return ctx.activity(Flaky.class, t.failures(), options);
    }
  }

  public static final class Handled implements Workflow<Try, String> {
    @Override
    public String run(WorkflowContext ctx, Try t) {
      try {
        return ctx.activity(
            Flaky.class, t.failures(), ActivityOptions.defaults().withMaxAttempts(t.maxAttempts()));
      } catch (ActivityFailure f) {
        return "gave up after " + f.attempts() + ": " + f.failure().message();
      }
    }
  }

  public static final class NotRetried implements Workflow<Integer, String> {
    @Override
    public String run(WorkflowContext ctx, Integer failures) {
      var policy =
          RetryPolicy.defaults().withMaxAttempts(5).withNonRetryable(IllegalStateException.class);
      return ctx.activity(Flaky.class, failures, ActivityOptions.defaults().withRetry(policy));
    }
  }

  private static TestEnvironment env() {
    Flaky.CALLS.clear();
    Flaky.KEYS.clear();
    return TestEnvironment.builder()
        .workflow(Retrying.class)
        .workflow(Handled.class)
        .workflow(NotRetried.class)
        .activity(new Flaky())
        .paranoid(true)
        .build();
  }

  @Test
  void twoFailuresThenSuccessCompletesWithThreeAttempts() {
    try (var env = env()) {
      var start = env.now();
      var run = env.start(Retrying.class, new Try(2, 3));

      assertThat(env.result(run)).isEqualTo("ok after 3");
      // backoff 10 s then 20 s, skipped
      assertThat(env.now()).isEqualTo(start.plusSeconds(30));
      assertThat(Flaky.KEYS).hasSize(3).containsOnly(run.runId() + "/2");
      var completed = (Event.ActivityCompleted) env.history(run.runId()).get(2).event();
      assertThat(completed.attempts()).isEqualTo(3);
    }
  }

  @Test
  void twoFailuresWithTwoAttemptsSurfaceAnActivityFailure() {
    try (var env = env()) {
      var run = env.start(Retrying.class, new Try(2, 2));

      assertThatThrownBy(() -> env.result(run))
          .isInstanceOfSatisfying(
              WorkflowFailure.class,
              f -> {
                assertThat(f.failure().type()).isEqualTo(ActivityFailure.class.getName());
                assertThat(f.failure().message())
                    .contains("'Flaky' failed after 2 attempts")
                    .contains("boom 2");
              });
      assertThat(Flaky.KEYS).hasSize(2);
      var failed = (Event.ActivityFailed) env.history(run.runId()).get(2).event();
      assertThat(failed.attempts()).isEqualTo(2);
      assertThat(failed.failure().type()).isEqualTo(IllegalStateException.class.getName());
    }
  }

  @Test
  void theWorkflowCanCatchTheActivityFailure() {
    try (var env = env()) {
      assertThat(env.startSynchronous(Handled.class, new Try(5, 2)))
          .isEqualTo("gave up after 2: boom 2");
    }
  }

  @Test
  void aNonRetryableErrorFailsAtOnce() {
    try (var env = env()) {
      var run = env.start(NotRetried.class, 1);
      assertThatThrownBy(() -> env.result(run)).isInstanceOf(WorkflowFailure.class);
      assertThat(Flaky.KEYS).hasSize(1);
    }
  }
}
