package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Activity;
import io.continuum.ActivityCancelled;
import io.continuum.ActivityContext;
import io.continuum.ActivityNotPending;
import io.continuum.ActivityOptions;
import io.continuum.AsyncActivity;
import io.continuum.Continuum;
import io.continuum.InvalidCompletionToken;
import io.continuum.RetryPolicy;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.journal.SweepResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Activity heartbeats, cancellation of running activities and external completion, end to end on
 * engines sharing one journal: the in-memory journal and Postgres extend this class. Time that
 * judges deadlines is the journal's, moved by the test; the heartbeat throttle is real time.
 */
public abstract class HeartbeatContract {
  protected static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration THROTTLE = Duration.ofSeconds(1);

  /** Fresh nodes on a fresh journal. */
  protected abstract EngineNodes newNodes();

  // ---- workflows and activities ----------------------------------------------------------------

  /** Imports rows with an activity that heartbeats its progress and resumes from it. */
  @WorkflowType("hb.import")
  public static final class ImportWorkflow implements Workflow<Integer, String> {
    @Override
    public String run(WorkflowContext ctx, Integer rows) {
      return ctx.activity(
          ImportRows.class,
          rows,
          ActivityOptions.defaults()
              .withHeartbeatTimeout(HEARTBEAT_TIMEOUT)
              .withRetry(
                  RetryPolicy.defaults()
                      .withMaxAttempts(3)
                      .withInitialBackoff(Duration.ofSeconds(1))));
    }
  }

  /** Attempt 1 stalls after row 3 (until it learns it is cancelled); later attempts finish. */
  public static final class ImportRows implements Activity<Integer, String> {
    final ConcurrentLinkedQueue<String> ledger = new ConcurrentLinkedQueue<>();
    final CompletableFuture<Void> stalled = new CompletableFuture<>();
    final CompletableFuture<Throwable> firstEnded = new CompletableFuture<>();

    @Override
    public String execute(ActivityContext ctx, Integer rows) throws Exception {
      int from = ctx.lastHeartbeatDetails(Integer.class).orElse(0);
      ledger.add(ctx.attempt() + ":" + from);
      try {
        for (int i = from; i < rows; i++) {
          ctx.heartbeat(i);
          if (ctx.attempt() == 1 && i == 3) {
            stalled.complete(null);
            ctx.cancelled().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            ctx.heartbeat(i); // throws: the attempt timed out
          }
        }
      } catch (ActivityCancelled e) {
        firstEnded.complete(e);
        throw e;
      }
      return "imported from " + from;
    }
  }

  /** Runs one {@link Flaky}. */
  @WorkflowType("hb.flaky")
  public static final class FlakyWorkflow implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(
          Flaky.class,
          in,
          ActivityOptions.defaults()
              .withRetry(
                  RetryPolicy.defaults()
                      .withMaxAttempts(2)
                      .withInitialBackoff(Duration.ofSeconds(1))));
    }
  }

  /**
   * Attempt 1 heartbeats chunk 0, waits until it is written, heartbeats chunks 1..5 within the same
   * throttle interval (so they are held back), then throws.
   */
  public static final class Flaky implements Activity<String, String> {
    volatile java.util.function.Supplier<String> stored = () -> "";

    @Override
    public String execute(ActivityContext ctx, String in) {
      int from = ctx.lastHeartbeatDetails(Integer.class).orElse(-1);
      if (ctx.attempt() == 1) {
        ctx.heartbeat(0);
        awaitCondition("chunk 0 is written", () -> stored.get().equals("0"));
        for (int i = 1; i <= 5; i++) {
          ctx.heartbeat(i);
        }
        throw new IllegalStateException("the connection dropped after chunk 5");
      }
      return "resumed after chunk " + from;
    }
  }

  /** Runs one {@link Crunch}, which heartbeats until it is cancelled. */
  @WorkflowType("hb.long")
  public static final class LongWorkflow implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(Crunch.class, in, ActivityOptions.defaults().withMaxAttempts(3));
    }
  }

  /** Heartbeats every few milliseconds of work until its heartbeat throws. */
  public static final class Crunch implements Activity<String, String> {
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<Long> stoppedAt = new CompletableFuture<>();
    final ConcurrentLinkedQueue<Integer> attempts = new ConcurrentLinkedQueue<>();

    @Override
    public String execute(ActivityContext ctx, String in) {
      attempts.add(ctx.attempt());
      try {
        for (int i = 0; ; i++) {
          ctx.heartbeat(i);
          started.complete(null);
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // a slice of the work
          if (i > 6_000) {
            return "never cancelled";
          }
        }
      } catch (ActivityCancelled e) {
        stoppedAt.complete(System.nanoTime());
        throw e;
      }
    }
  }

  /** Runs one {@link Stream}, an async activity. */
  @WorkflowType("hb.stream")
  public static final class StreamWorkflow implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(Stream.class, in, ActivityOptions.defaults().withMaxAttempts(3));
    }
  }

  /**
   * An async activity: heartbeats from a periodic timer on its event loop and ends its work when
   * its context reports the cancel.
   */
  public static final class Stream implements AsyncActivity<String, String> {
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<Long> cancelledAt = new CompletableFuture<>();
    final ConcurrentLinkedQueue<Boolean> sawCancelled = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Integer> attempts = new ConcurrentLinkedQueue<>();

    @Override
    public Future<String> execute(ActivityContext ctx, String in) {
      attempts.add(ctx.attempt());
      Vertx vertx = Vertx.currentContext().owner();
      Promise<String> done = Promise.promise();
      int[] chunk = {0};
      long timer =
          vertx.setPeriodic(
              10,
              id -> {
                if (!ctx.isCancelled()) {
                  ctx.heartbeat(chunk[0]++);
                  started.complete(null);
                }
              });
      ctx.cancelled()
          .onComplete(
              v -> {
                vertx.cancelTimer(timer);
                sawCancelled.add(ctx.isCancelled());
                cancelledAt.complete(System.nanoTime());
                done.complete("stopped at chunk " + chunk[0]); // ignored: the attempt is over
              });
      return done.future();
    }
  }

  /** Waits for an approval that completes externally. */
  @WorkflowType("hb.approval")
  public static final class ApprovalWorkflow implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String invoice) {
      return ctx.activity(
          AskApproval.class,
          invoice,
          ActivityOptions.defaults()
              .withStartToCloseTimeout(Duration.ofMinutes(1))
              .withRetry(
                  RetryPolicy.defaults()
                      .withMaxAttempts(2)
                      .withInitialBackoff(Duration.ofSeconds(1))));
    }
  }

  /** Hands its completion token out (by invoice and attempt) and completes externally. */
  public static final class AskApproval implements Activity<String, String> {
    final Map<String, CompletableFuture<String>> tokens = new ConcurrentHashMap<>();

    CompletableFuture<String> token(String invoice, int attempt) {
      return tokens.computeIfAbsent(invoice + "#" + attempt, k -> new CompletableFuture<>());
    }

    @Override
    public String execute(ActivityContext ctx, String invoice) {
      ctx.completeExternally();
      token(invoice, ctx.attempt()).complete(ctx.completionToken());
      return "ignored";
    }
  }

  private EngineNodes nodes;
  private final ImportRows importRows = new ImportRows();
  private final Crunch crunch = new Crunch();
  private final Stream stream = new Stream();
  private final Flaky flaky = new Flaky();
  private final AskApproval approvals = new AskApproval();

  @BeforeEach
  void openNodes() {
    nodes = newNodes();
  }

  @AfterEach
  void closeNodes() {
    nodes.close();
  }

  private EngineNodes.Node node(String id) {
    return node(id, o -> o);
  }

  private EngineNodes.Node node(String id, java.util.function.UnaryOperator<EngineOptions> tune) {
    return nodes.start(
        id,
        tune,
        b ->
            b.workflow(ImportWorkflow.class)
                .workflow(LongWorkflow.class)
                .workflow(ApprovalWorkflow.class)
                .workflow(StreamWorkflow.class)
                .workflow(FlakyWorkflow.class)
                .activity(flaky)
                .activity(stream)
                .activity(importRows)
                .activity(crunch)
                .activity(approvals));
  }

  // ---- heartbeats ----------------------------------------------------------------------------

  @Test
  void aMissedHeartbeatFailsTheAttemptAndTheNextAttemptResumesFromItsLastDetails() {
    var a = node("a");
    join(a.engine().client().start(ImportWorkflow.class, 10, StartOptions.withId("import")));
    get(importRows.stalled);

    nodes.advanceClock(HEARTBEAT_TIMEOUT.plusSeconds(1));
    a.tick(); // writes the pending heartbeat (made before the deadline), sweeps, stops attempt 1
    assertThat(get(importRows.firstEnded)).isInstanceOf(ActivityCancelled.class);
    nodes.advanceClock(Duration.ofSeconds(2)); // the retry's backoff
    a.tick();

    assertThat(join(a.engine().client().await("import", String.class, WAIT)))
        .isEqualTo("imported from 3");
    assertThat(importRows.ledger).containsExactly("1:0", "2:3");
    assertThat(completedAttempts("import")).containsExactly(2);
  }

  @Test
  void detailsHeartbeatedJustBeforeAFailureReachTheRetry() {
    var a = node("a");
    flaky.stored = () -> lastDetails("flaky");
    join(a.engine().client().start(FlakyWorkflow.class, "x", StartOptions.withId("flaky")));
    awaitCondition(
        "attempt 1 failed",
        () ->
            !pendingTasks("flaky").isEmpty()
                && !pendingTasks("flaky").get(0).leased()
                && pendingTasks("flaky").get(0).attempt() == 1);

    nodes.advanceClock(Duration.ofSeconds(2));
    a.tick();

    assertThat(join(a.engine().client().await("flaky", String.class, WAIT)))
        .isEqualTo("resumed after chunk 5");
  }

  @Test
  void heartbeatDetailsSurviveTheCrashOfTheWorkersNode() {
    var a = node("a");
    join(a.engine().client().start(ImportWorkflow.class, 10, StartOptions.withId("crash")));
    get(importRows.stalled);
    awaitCondition(
        "row 3 is recorded (a heartbeat write per throttle interval)",
        () -> lastDetails("crash").equals("3"));
    assertThat(join(a.engine().client().pendingWork("crash")).activities())
        .singleElement()
        .satisfies(w -> assertThat(w.heartbeatJson()).isEqualTo("3"));
    a.kill();
    var b = node("b");

    nodes.advanceClock(HEARTBEAT_TIMEOUT.plusSeconds(1));
    b.tick(); // the missed heartbeat fails attempt 1 (its node is gone)
    assertThat(pendingTasks("crash"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.leased()).isFalse();
              assertThat(t.lastFailure().type()).isEqualTo(SweepResult.HEARTBEAT_TIMEOUT);
            });
    nodes.advanceClock(Duration.ofSeconds(31)); // and a's run lease lapses
    b.tick();
    b.tick();

    assertThat(join(b.engine().client().await("crash", String.class, WAIT)))
        .isEqualTo("imported from 3");
  }

  @Test
  void aRunningActivityStopsWithinOneThrottleIntervalOfItsRunsCancel() {
    var a = node("a");
    join(a.engine().client().start(LongWorkflow.class, "x", StartOptions.withId("long")));
    get(crunch.started);

    join(a.engine().client().cancel("long"));
    long cancelled = System.nanoTime();

    long stopped = get(crunch.stoppedAt);
    assertThat(Duration.ofNanos(stopped - cancelled))
        .as("from the cancel to the ActivityCancelled the body saw")
        .isLessThan(THROTTLE.plusMillis(750));
    awaitCondition("the run ends cancelled", () -> state("long") == RunState.CANCELLED);
    a.tick();
    nodes.settle();
    assertThat(crunch.attempts).as("the cancelled activity is not retried").containsExactly(1);
    assertThat(completedAttempts("long")).isEmpty();
  }

  @Test
  void anAsyncActivityLearnsOfTheCancelFromItsContextWithinOneThrottleInterval() {
    var a = node("a");
    join(a.engine().client().start(StreamWorkflow.class, "x", StartOptions.withId("stream")));
    get(stream.started);

    join(a.engine().client().cancel("stream"));
    long cancelled = System.nanoTime();

    assertThat(Duration.ofNanos(get(stream.cancelledAt) - cancelled))
        .isLessThan(THROTTLE.plusMillis(750));
    assertThat(stream.sawCancelled).containsExactly(true);
    awaitCondition("the run ends cancelled", () -> state("stream") == RunState.CANCELLED);
    a.tick();
    nodes.settle();
    assertThat(stream.attempts).containsExactly(1);
    assertThat(completedAttempts("stream")).isEmpty();
  }

  // ---- external completion -------------------------------------------------------------------

  @Test
  void anExternallyCompletedActivityFreesItsSlotAndFinishesWithItsToken() {
    var a = node("a", o -> o.withMaxConcurrentActivities(1));
    Continuum client = a.engine().client();
    join(client.start(ApprovalWorkflow.class, "inv-1", StartOptions.withId("inv-1")));
    join(client.start(ApprovalWorkflow.class, "inv-2", StartOptions.withId("inv-2")));
    a.tick();
    String first = get(approvals.token("inv-1", 1));
    String second = get(approvals.token("inv-2", 1)); // one slot: the first attempt gave it back

    join(client.completeActivity(first, "approved by alice"));
    join(client.failActivity(second, "rejected by bob"));
    a.tick(); // attempt 2 of inv-2, after its backoff
    nodes.advanceClock(Duration.ofSeconds(2));
    a.tick();
    join(client.failActivity(get(approvals.token("inv-2", 2)), "rejected again"));

    assertThat(join(client.await("inv-1", String.class, WAIT))).isEqualTo("approved by alice");
    assertThatThrownBy(() -> join(client.await("inv-2", String.class, WAIT)))
        .hasMessageContaining("rejected again");
    assertThat(state("inv-2")).isEqualTo(RunState.FAILED);
    var failed = (Event.ActivityFailed) activityEvents("inv-2").get(0);
    assertThat(failed.failure().type()).isEqualTo(Continuum.EXTERNAL_FAILURE);
    assertThat(failed.attempts()).isEqualTo(2);
  }

  @Test
  void aUsedForgedOrTamperedTokenIsRefusedAndWritesNothing() {
    var a = node("a");
    Continuum client = a.engine().client();
    join(client.start(ApprovalWorkflow.class, "inv", StartOptions.withId("inv")));
    a.tick();
    String token = get(approvals.token("inv", 1));
    List<HistoryEvent> before = history("inv");

    assertThatThrownBy(() -> join(client.completeActivity("ct1.Zm9v.YmFy", "x")))
        .isInstanceOf(InvalidCompletionToken.class);
    assertThatThrownBy(() -> join(client.completeActivity("not a token", "x")))
        .isInstanceOf(InvalidCompletionToken.class);
    assertThatThrownBy(() -> join(client.completeActivity(tamperedAttempt(token), "x")))
        .isInstanceOf(InvalidCompletionToken.class);
    assertThatThrownBy(() -> join(client.inNamespace("elsewhere").completeActivity(token, "x")))
        .isInstanceOf(InvalidCompletionToken.class);
    assertThat(history("inv")).isEqualTo(before);
    assertThat(state("inv")).isNotEqualTo(RunState.COMPLETED);

    join(client.completeActivity(token, "yes"));
    assertThat(join(client.await("inv", String.class, WAIT))).isEqualTo("yes");
    List<HistoryEvent> after = history("inv");
    assertThatThrownBy(() -> join(client.completeActivity(token, "again")))
        .isInstanceOf(ActivityNotPending.class);
    assertThat(history("inv")).isEqualTo(after);
  }

  @Test
  void aTokenIsDeadOnceItsAttemptTimedOutAndTheNextAttemptHasItsOwn() {
    var a = node("a");
    Continuum client = a.engine().client();
    join(client.start(ApprovalWorkflow.class, "slow", StartOptions.withId("slow")));
    a.tick();
    String first = get(approvals.token("slow", 1));

    nodes.advanceClock(Duration.ofSeconds(61)); // past the start-to-close timeout
    assertThatThrownBy(() -> join(client.completeActivity(first, "late")))
        .isInstanceOf(ActivityNotPending.class);
    a.tick(); // the sweep fails attempt 1 as a timeout
    nodes.advanceClock(Duration.ofSeconds(2));
    a.tick();
    String second = get(approvals.token("slow", 2));
    assertThat(second).isNotEqualTo(first);
    assertThatThrownBy(() -> join(client.completeActivity(first, "late")))
        .isInstanceOf(ActivityNotPending.class);

    join(client.completeActivity(second, "on time"));
    assertThat(join(client.await("slow", String.class, WAIT))).isEqualTo("on time");
    assertThat(completedAttempts("slow")).containsExactly(2);
  }

  @Test
  void aTokenIsDeadOnceTheRunIsCancelled() {
    var a = node("a");
    Continuum client = a.engine().client();
    join(client.start(ApprovalWorkflow.class, "gone", StartOptions.withId("gone")));
    a.tick();
    String token = get(approvals.token("gone", 1));
    join(client.cancel("gone"));
    awaitCondition("the run ends cancelled", () -> state("gone") == RunState.CANCELLED);
    List<HistoryEvent> before = history("gone");

    assertThatThrownBy(() -> join(client.completeActivity(token, "too late")))
        .isInstanceOf(ActivityNotPending.class);
    assertThat(history("gone")).isEqualTo(before);
  }

  @Test
  void aTokenIssuedOnANodeThatDiedCompletesThroughAnother() {
    var a = node("a");
    join(a.engine().client().start(ApprovalWorkflow.class, "moved", StartOptions.withId("moved")));
    a.tick();
    String token = get(approvals.token("moved", 1));
    a.kill();
    var b = node("b");

    join(b.engine().client().completeActivity(token, "approved"));
    nodes.advanceClock(Duration.ofSeconds(31)); // a's run lease lapses; b takes the run over
    b.tick();

    assertThat(join(b.engine().client().await("moved", String.class, WAIT))).isEqualTo("approved");
  }

  // ---- helpers -------------------------------------------------------------------------------

  // The same claim with another attempt number, under the original signature.
  private static String tamperedAttempt(String token) {
    String[] parts = token.split("\\.");
    String claim = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String[] lines = claim.split("\n");
    lines[3] = Integer.toString(Integer.parseInt(lines[3]) + 1);
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    return parts[0] + "." + forged + "." + parts[2];
  }

  private List<io.continuum.journal.TaskStatus> pendingTasks(String runId) {
    return join(nodes.journal().pendingTasks(runId));
  }

  private String lastDetails(String runId) {
    var pending = pendingTasks(runId);
    return pending.isEmpty() || pending.get(0).heartbeatDetails() == null
        ? ""
        : pending.get(0).heartbeatDetails().jsonText();
  }

  private RunState state(String runId) {
    return join(nodes.journal().run(runId)).state();
  }

  private List<HistoryEvent> history(String runId) {
    return join(nodes.journal().history(runId, 0));
  }

  private List<Event> activityEvents(String runId) {
    return history(runId).stream()
        .map(HistoryEvent::event)
        .filter(e -> e instanceof Event.ActivityCompleted || e instanceof Event.ActivityFailed)
        .toList();
  }

  private List<Integer> completedAttempts(String runId) {
    return activityEvents(runId).stream()
        .filter(Event.ActivityCompleted.class::isInstance)
        .map(e -> ((Event.ActivityCompleted) e).attempts())
        .toList();
  }

  static <T> T join(Future<T> f) {
    return EngineNodes.join(f, WAIT);
  }

  static <T> T get(CompletableFuture<T> f) {
    try {
      return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("not within " + WAIT, e);
    }
  }

  static void awaitCondition(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
