package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunRef;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.testing.TestEnvironment;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NotificationsTest {

  @WorkflowType("greets")
  public static final class Greets implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return in + ", " + ctx.awaitSignal("name", String.class);
    }
  }

  @WorkflowType("echoes")
  public static final class Echoes implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return in;
    }
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder().workflow(Greets.class).workflow(Echoes.class).build();
  }

  @Test
  void theStartIsAnnouncedFromSeqOneWithRunStartedThenEveryStepInOrder() throws Exception {
    try (var env = env()) {
      BlockingQueue<JsonObject> events = subscribe(env, Addresses.RUNS_EVENTS);
      BlockingQueue<JsonObject> status =
          subscribe(env, Addresses.runStatus(RunRef.of("default", "greet-1")));
      BlockingQueue<JsonObject> finished = subscribe(env, Addresses.RUNS_FINISHED);

      var run = env.start(Greets.class, "hello", StartOptions.withId("greet-1"));
      JsonObject started = next(events);
      assertThat(started.getString("runId")).isEqualTo("greet-1");
      assertThat(started.getString("workflowType")).isEqualTo("greets");
      assertThat(started.getString("state")).isEqualTo("suspended");
      assertThat(started.getInteger("fromSeq")).isEqualTo(1);
      assertThat(started.getInteger("toSeq")).isEqualTo(2);
      assertThat(types(started)).containsExactly("run_started", "signal_awaited");
      assertThat(started.getInteger("seq")).isEqualTo(2);
      assertThat(Instant.parse(started.getString("at"))).isEqualTo(TestEnvironment.DEFAULT_START);
      assertThat(started.getString("at")).isEqualTo("2026-01-01T00:00:00.000000Z"); // one precision
      JsonObject startStatus = next(status);
      assertThat(startStatus.getString("state")).isEqualTo("suspended");
      assertThat(startStatus.getInteger("seq")).isEqualTo(2);

      env.injectSignal("greet-1", "name", "Ada");
      assertThat(env.result(run)).isEqualTo("hello, Ada");
      JsonObject step = next(events);
      assertThat(step.getInteger("fromSeq")).isEqualTo(3);
      assertThat(types(step)).containsExactly("signal_received", "run_completed");
      assertThat(step.getString("state")).isEqualTo("completed");
      assertThat(next(status).getInteger("seq")).isEqualTo(4);
      assertThat(next(finished).getInteger("seq")).isEqualTo(4);
      env.settle();
      assertThat(events).isEmpty();
      assertThat(status).isEmpty();
      assertThat(finished).isEmpty();
    }
  }

  @Test
  void aRunThatEndsInItsFirstStepAnnouncesItsStartAndEndTogether() throws Exception {
    try (var env = env()) {
      BlockingQueue<JsonObject> events = subscribe(env, Addresses.RUNS_EVENTS);
      BlockingQueue<JsonObject> finished = subscribe(env, Addresses.RUNS_FINISHED);

      var run = env.start(Echoes.class, "hi");
      assertThat(env.result(run)).isEqualTo("hi");

      JsonObject only = next(events);
      assertThat(only.getString("runId")).isEqualTo(run.runId());
      assertThat(only.getInteger("fromSeq")).isEqualTo(1);
      assertThat(types(only)).containsExactly("run_started", "run_completed");
      assertThat(only.getString("state")).isEqualTo("completed");
      JsonObject end = next(finished);
      assertThat(end.getString("runId")).isEqualTo(run.runId());
      assertThat(end.getInteger("seq")).isEqualTo(2);
      env.settle();
      assertThat(events).isEmpty();
      assertThat(finished).isEmpty();
    }
  }

  /** Fails twice, then answers. */
  public static final class Flaky implements io.continuum.Activity<String, String> {
    final java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String execute(io.continuum.ActivityContext ctx, String in) {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("flaky " + ctx.attempt());
      }
      return in;
    }
  }

  @WorkflowType("calls-flaky")
  public static final class CallsFlaky implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(
          Flaky.class,
          in,
          io.continuum.ActivityOptions.defaults()
              .withRetry(
                  io.continuum.RetryPolicy.defaults()
                      .withMaxAttempts(3)
                      .withInitialBackoff(java.time.Duration.ofSeconds(1))));
    }
  }

  @Test
  void everyFailedActivityAttemptIsAnnouncedWithWhenItIsRetried() throws Exception {
    try (var env =
        TestEnvironment.builder().workflow(CallsFlaky.class).activity(new Flaky()).build()) {
      BlockingQueue<JsonObject> failures = subscribe(env, Addresses.ACTIVITY_FAILURES);

      var run = env.start(CallsFlaky.class, "ok", StartOptions.withId("flaky-1"));
      JsonObject first = next(failures);
      assertThat(first.getString("runId")).isEqualTo("flaky-1");
      assertThat(first.getString("activity")).isEqualTo("Flaky");
      assertThat(first.getInteger("attempt")).isEqualTo(1);
      assertThat(first.getInteger("maxAttempts")).isEqualTo(3);
      assertThat(first.getJsonObject("error").getString("type"))
          .isEqualTo(IllegalStateException.class.getName());
      assertThat(first.getJsonObject("error").getString("message")).isEqualTo("flaky 1");
      assertThat(Instant.parse(first.getString("retryAt")))
          .isEqualTo(Instant.parse(first.getString("at")).plusSeconds(1));

      assertThat(env.result(run)).isEqualTo("ok"); // the test clock skips the backoffs
      assertThat(next(failures).getInteger("attempt")).isEqualTo(2);
      env.settle();
      assertThat(failures).isEmpty(); // the third attempt succeeded
    }
  }

  private static BlockingQueue<JsonObject> subscribe(TestEnvironment env, String address)
      throws Exception {
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    env.vertx()
        .eventBus()
        .<JsonObject>consumer(address, m -> received.add(m.body()))
        .completion()
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    return received;
  }

  private static List<String> types(JsonObject body) {
    return body.getJsonArray("types").stream().map(String.class::cast).toList();
  }

  private static JsonObject next(BlockingQueue<JsonObject> queue) throws InterruptedException {
    JsonObject body = queue.poll(10, TimeUnit.SECONDS);
    assertThat(body).as("a notification within 10 s").isNotNull();
    return body;
  }
}
