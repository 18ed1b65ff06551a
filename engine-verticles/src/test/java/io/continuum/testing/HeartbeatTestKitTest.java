package io.continuum.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Activity;
import io.continuum.ActivityCancelled;
import io.continuum.ActivityContext;
import io.continuum.ActivityNotPending;
import io.continuum.ActivityOptions;
import io.continuum.RetryPolicy;
import io.continuum.RunHandle;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Heartbeats (timeouts on the settable clock) and external completion in the test kit. */
class HeartbeatTestKitTest {

  public static final class Import implements Workflow<Integer, String> {
    @Override
    public String run(WorkflowContext ctx, Integer rows) {
      return ctx.activity(
          LoadRows.class,
          rows,
          ActivityOptions.defaults()
              .withHeartbeatTimeout(Duration.ofSeconds(30))
              .withRetry(RetryPolicy.defaults().withInitialBackoff(Duration.ofMinutes(1))));
    }
  }

  /** Attempt 1 heartbeats rows 0..4 and hangs until it learns that it was timed out. */
  public static final class LoadRows implements Activity<Integer, String> {
    final CompletableFuture<Void> stalled = new CompletableFuture<>();
    final CompletableFuture<ActivityCancelled> stopped = new CompletableFuture<>();
    final ConcurrentLinkedQueue<String> attempts = new ConcurrentLinkedQueue<>();

    @Override
    public String execute(ActivityContext ctx, Integer rows) throws Exception {
      int from = ctx.lastHeartbeatDetails(Integer.class).orElse(0);
      attempts.add(ctx.attempt() + " from " + from);
      for (int i = from; i < rows; i++) {
        ctx.heartbeat(i);
        if (ctx.attempt() == 1 && i == 4) {
          stalled.complete(null);
          ctx.cancelled().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
          try {
            ctx.heartbeat(i); // throws ActivityCancelled: this attempt is over
          } catch (ActivityCancelled e) {
            stopped.complete(e);
            throw e;
          }
        }
      }
      return "loaded " + (rows - from) + " rows on attempt " + ctx.attempt();
    }
  }

  public static final class Approval implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String invoice) {
      return ctx.activity(
          AskApprover.class,
          invoice,
          ActivityOptions.defaults()
              .withStartToCloseTimeout(Duration.ofDays(2))
              .withRetry(RetryPolicy.noRetries()));
    }
  }

  public static final class AskApprover implements Activity<String, String> {
    final List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public String execute(ActivityContext ctx, String invoice) {
      tokens.add(ctx.completionToken());
      ctx.completeExternally();
      return "ignored";
    }
  }

  @Test
  void aMissedHeartbeatOnTheSettableClockRetriesTheActivityFromItsLastDetails() throws Exception {
    var load = new LoadRows();
    try (var env = TestEnvironment.builder().workflow(Import.class).activity(load).build()) {
      RunHandle<String> run =
          env.client()
              .start(Import.class, 10, StartOptions.withId("import"))
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      load.stalled.get(10, TimeUnit.SECONDS);

      env.advanceWithoutSettling(Duration.ofSeconds(29));
      assertThat(load.stopped).isNotDone();
      env.advanceWithoutSettling(Duration.ofSeconds(2)); // 31 s without a heartbeat
      assertThat(load.stopped.get(10, TimeUnit.SECONDS)).isInstanceOf(ActivityCancelled.class);
      assertThat(load.attempts).containsExactly("1 from 0");

      assertThat(env.result(run)).isEqualTo("loaded 6 rows on attempt 2");
      assertThat(load.attempts).containsExactly("1 from 0", "2 from 4");
    }
  }

  @Test
  void anActivityCompletedExternallyByItsToken() {
    var ask = new AskApprover();
    try (var env =
        TestEnvironment.builder().workflow(Approval.class).activity(ask).paranoid(true).build()) {
      RunHandle<String> run = env.start(Approval.class, "inv-7", StartOptions.withId("inv-7"));
      assertThat(ask.tokens).hasSize(1);
      assertThat(env.getRun("inv-7").state()).isEqualTo(RunState.SUSPENDED);

      env.completeActivity(ask.tokens.get(0), "approved by alice");

      assertThat(env.result(run)).isEqualTo("approved by alice");
      assertThatThrownBy(() -> env.completeActivity(ask.tokens.get(0), "twice"))
          .isInstanceOf(ActivityNotPending.class);
    }
  }

  @Test
  void anExternalActivityNobodyCompletesTimesOutWhenTheKitSkipsTime() {
    var ask = new AskApprover();
    try (var env = TestEnvironment.builder().workflow(Approval.class).activity(ask).build()) {
      RunHandle<String> run = env.start(Approval.class, "inv-8", StartOptions.withId("inv-8"));

      assertThatThrownBy(() -> env.result(run))
          .isInstanceOf(WorkflowFailure.class)
          .hasMessageContaining("start-to-close timeout");
      assertThat(env.now())
          .isAfterOrEqualTo(TestEnvironment.DEFAULT_START.plus(Duration.ofDays(2)));
      assertThatThrownBy(() -> env.completeActivity(ask.tokens.get(0), "too late"))
          .isInstanceOf(ActivityNotPending.class);
    }
  }

  @Test
  void aHeartbeatOutsideAnEngineDoesNothing() {
    ActivityContext bare =
        new ActivityContext() {
          public String runId() {
            return "r";
          }

          public String activityType() {
            return "t";
          }

          public int attempt() {
            return 1;
          }

          public String idempotencyKey() {
            return "k";
          }
        };
    bare.heartbeat(3);
    assertThat(bare.lastHeartbeatDetails(Integer.class)).isEmpty();
    assertThat(bare.isCancelled()).isFalse();
    assertThatThrownBy(bare::completionToken).isInstanceOf(UnsupportedOperationException.class);
    assertThat(ActivityCancelled.TYPE).isEqualTo("io.continuum.ActivityCancelled");
  }
}
