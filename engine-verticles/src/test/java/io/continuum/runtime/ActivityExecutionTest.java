package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityFailure;
import io.continuum.ActivityHandle;
import io.continuum.ActivityOptions;
import io.continuum.ActivityTimeoutException;
import io.continuum.AsyncActivity;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowFailure;
import io.continuum.testing.TestEnvironment;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActivityExecutionTest {

  public static final class Upper implements AsyncActivity<String, String> {
    @Override
    public Future<String> execute(ActivityContext ctx, String in) {
      return Future.succeededFuture(in.toUpperCase());
    }
  }

  public static final class Length implements Activity<String, Integer> {
    @Override
    public Integer execute(ActivityContext ctx, String in) {
      return in.length();
    }
  }

  /** Blocks until released (or interrupted by the timeout). */
  public static final class Stuck implements Activity<String, String> {
    static volatile CountDownLatch release = new CountDownLatch(1);
    static volatile CountDownLatch interrupted = new CountDownLatch(1);

    @Override
    public String execute(ActivityContext ctx, String in) throws Exception {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
      return in;
    }
  }

  public static final class Parallel implements Workflow<List<String>, List<Integer>> {
    @Override
    public List<Integer> run(WorkflowContext ctx, List<String> words) {
      List<ActivityHandle<Integer>> handles =
          words.stream().map(w -> ctx.startActivity(Length.class, w)).toList();
      String shout = ctx.activity(Upper.class, String.join(" ", words));
      List<Integer> lengths = ctx.awaitAll(handles);
      return List.of(lengths.get(0), lengths.get(1), shout.length());
    }
  }

  public static final class TimesOut implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(
          Stuck.class,
          in,
          ActivityOptions.defaults()
              .withStartToCloseTimeout(Duration.ofMillis(200))
              .withMaxAttempts(1));
    }
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(Parallel.class)
        .workflow(TimesOut.class)
        .activity(new Upper())
        .activity(new Length())
        .activity(new Stuck())
        .paranoid(true)
        .build();
  }

  @Test
  void startedActivitiesRunInParallelAndAwaitAllReturnsInHandleOrder() {
    try (var env = env()) {
      var run = env.start(Parallel.class, List.of("ab", "cdef"));
      assertThat(env.result(run)).containsExactly(2, 4, 7);
      var types = env.history(run.runId()).stream().map(e -> e.event().typeName()).toList();
      // both lengths and the upper-casing were scheduled in the first step
      assertThat(types.subList(1, 4)).containsOnly("activity_scheduled");
    }
  }

  @Test
  void anAttemptOverItsStartToCloseTimeoutFailsAndItsThreadIsInterrupted() throws Exception {
    Stuck.release = new CountDownLatch(1);
    Stuck.interrupted = new CountDownLatch(1);
    try (var env = env()) {
      var run = env.start(TimesOut.class, "slow");
      assertThatThrownBy(() -> env.result(run))
          .isInstanceOfSatisfying(
              WorkflowFailure.class,
              f ->
                  assertThat(f.failure().message())
                      .contains(ActivityTimeoutException.class.getName()));
      // the interrupt lands on the attempt's own thread, after the failure may already be seen
      assertThat(Stuck.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(env.history(run.runId()).get(2).event().typeName()).isEqualTo("activity_failed");
    } finally {
      Stuck.release.countDown();
    }
    assertThat(ActivityFailure.class).isNotNull();
  }
}
