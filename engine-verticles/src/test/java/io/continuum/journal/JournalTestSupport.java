package io.continuum.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.ActivityOptions;
import io.continuum.ReplayDriftError;
import io.continuum.RunState;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.ActivityRequest;
import io.continuum.core.replay.StepOutcome;
import io.vertx.core.Future;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixtures of the journal conformance suite: the two methods a journal module implements, a
 * blocking {@link #await} for journal futures, factories for runs and step outcomes, and scenario
 * helpers. See {@link JournalConformanceTest} for how a journal module runs the suite.
 */
public abstract class JournalTestSupport {

  protected static final Duration TTL = Duration.ofSeconds(30);
  protected static final Duration WAIT = Duration.ofSeconds(10);
  protected static final String OWNER = "node-1/default/1";
  protected static final String OTHER_OWNER = "node-2/default/1";
  protected static final String TYPE = "orders.checkout";
  protected static final String NAMESPACE = "default";
  protected static final Instant STARTED_AT = Instant.parse("2026-01-01T00:00:00Z");
  protected static final List<String> WORKFLOW_TYPES = List.of(TYPE, "orders.refund");
  protected static final String ATTRIBUTES = "{\"tier\":\"gold\",\"region\":\"eu\"}";
  protected static final Payload INPUT = Payload.ofJson("\"order-42\"");
  protected static final String APPROVAL = "approval";
  protected static final String CHARGE = "Charge";
  protected static final Payload CHARGE_INPUT = Payload.ofJson("\"charge 42 EUR\"");
  protected static final ActivityOptions OPTIONS = ActivityOptions.defaults();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The journal under test, fresh for each test. */
  protected Journal journal;

  /** A fresh, empty journal for each test. */
  protected abstract Journal createJournal();

  /** Moves the journal's clock forward by {@code d}. */
  protected abstract void advanceTime(Duration d);

  @BeforeEach
  void openFreshJournal() {
    journal = createJournal();
  }

  // ---- waiting ------------------------------------------------------------------------------

  /** Waits (bounded) for a journal future; a failed future rethrows the journal's exception. */
  protected static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new AssertionError("journal call failed", cause);
    } catch (TimeoutException e) {
      throw new AssertionError("journal call did not complete within " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  // ---- factories ----------------------------------------------------------------------------

  protected static NewRun newRun(String runId) {
    return newRun(runId, TYPE, INPUT);
  }

  protected static NewRun newRun(String runId, String workflowType, Payload input) {
    return new NewRun(
        runId,
        workflowType,
        NAMESPACE,
        input,
        NewRun.hash(input),
        Payload.ofJson(ATTRIBUTES),
        STARTED_AT);
  }

  protected static Payload json(String json) {
    return Payload.ofJson(json);
  }

  protected static Event.SignalAwaited awaitSignal(String name, int ordinal) {
    return new Event.SignalAwaited(new CommandId(CommandKind.SIGNAL, name, ordinal), null);
  }

  protected static Event.ValueRecorded recorded(String name, String valueJson) {
    return new Event.ValueRecorded(
        new CommandId(CommandKind.SIDE_EFFECT, name, 0), json(valueJson));
  }

  protected static Event.ActivityScheduled scheduled(String activityType, int ordinal) {
    return scheduled(activityType, ordinal, OPTIONS);
  }

  protected static Event.ActivityScheduled scheduled(
      String activityType, int ordinal, ActivityOptions options) {
    return new Event.ActivityScheduled(
        new CommandId(CommandKind.ACTIVITY, activityType, ordinal), CHARGE_INPUT, options);
  }

  /** Options with a key of the workflow's choosing: committed results are reused under it. */
  protected static ActivityOptions keyed(String idempotencyKey) {
    return OPTIONS.withIdempotencyKey(idempotencyKey);
  }

  protected static ActivityRequest activity(
      int commandSeq, String activityType, ActivityOptions options, String idempotencyKey) {
    return new ActivityRequest(commandSeq, activityType, CHARGE_INPUT, options, idempotencyKey);
  }

  protected static Event.TimerStarted timerStarted(int ordinal, Instant fireAt) {
    return new Event.TimerStarted(new CommandId(CommandKind.TIMER, "sleep", ordinal), fireAt);
  }

  protected static ReplayDriftError drift() {
    return new ReplayDriftError(2, "signal_awaited 'approval' #0", "activity 'Charge' #0");
  }

  /** Starts building a step outcome that moves the run to {@code state}. */
  protected static StepBuilder step(RunState state) {
    return new StepBuilder(state);
  }

  /** A first step that waits for the {@code approval} signal: one event, seq 2. */
  protected static StepOutcome awaitingApproval() {
    return step(RunState.SUSPENDED).events(awaitSignal(APPROVAL, 0)).build();
  }

  protected static StepOutcome completing(String resultJson) {
    return step(RunState.COMPLETED).events(new Event.RunCompleted(json(resultJson))).build();
  }

  // ---- scenarios ----------------------------------------------------------------------------

  /** A run as its starter holds it. */
  protected record Started(String runId, Lease lease, int lastSeq) {
    public long token() {
      return lease.token();
    }
  }

  protected Started start(String runId, StepOutcome firstStep) {
    return start(runId, firstStep, OWNER);
  }

  protected Started start(String runId, StepOutcome firstStep, String owner) {
    StartResult result = await(journal.start(newRun(runId), firstStep, owner, TTL, null));
    assertThat(result.created()).as("created").isTrue();
    return new Started(runId, result.lease(), result.lastSeq());
  }

  /** A run leased by {@link #OWNER} waiting for the {@code approval} signal; last seq 2. */
  protected Started startAwaitingSignal(String runId) {
    return start(runId, awaitingApproval());
  }

  /** A run leased by {@link #OWNER} that scheduled a {@link #CHARGE} at seq 2. */
  protected Started startWithActivity(String runId, ActivityOptions options, String key) {
    return start(
        runId,
        step(RunState.SUSPENDED)
            .events(scheduled(CHARGE, 0, options))
            .activity(activity(2, CHARGE, options, key))
            .build());
  }

  /** A run leased by {@link #OWNER} whose timer (seq 2) fires at the returned instant. */
  protected Instant startWithTimer(String runId, Duration delay) {
    Instant fireAt = inJournalTime(delay);
    start(runId, step(RunState.SUSPENDED).events(timerStarted(0, fireAt)).timer(2, fireAt).build());
    return fireAt;
  }

  /** The last seq a commit reports. */
  protected int committed(Future<CommitResult> commit) {
    return await(commit).lastSeq();
  }

  /** Commits {@code outcome} after the run's current last seq. */
  protected int commitAtHead(String runId, long token, StepOutcome outcome) {
    int lastSeq = run(runId).lastSeq();
    return await(journal.commit(new StepCommit(runId, token, lastSeq, outcome))).lastSeq();
  }

  protected void completeRun(Started run) {
    commitAtHead(run.runId(), run.token(), completing("\"done\""));
  }

  /** Moves time past every lease taken until now. */
  protected void expireLeases() {
    advanceTime(TTL.plusSeconds(1));
  }

  protected void release(String runId) {
    await(journal.releaseLeases(OWNER, List.of(runId)));
  }

  protected long signal(String runId, String name, String payloadJson) {
    return await(journal.signal(runId, name, json(payloadJson)));
  }

  protected RunRecord run(String runId) {
    return await(journal.run(runId));
  }

  protected List<HistoryEvent> history(String runId) {
    return await(journal.history(runId, 0));
  }

  protected List<InboxItem> inbox(String runId) {
    return await(journal.inbox(runId)).items();
  }

  protected List<Lease> claimRunnable(String owner) {
    return await(journal.claimRunnable(owner, WORKFLOW_TYPES, 10, TTL, Set.of()));
  }

  protected List<ActivityTask> claimTasks(String... activityTypes) {
    return await(journal.claimTasks(OWNER, List.of(activityTypes), 10, TTL));
  }

  protected ActivityTask claimOneTask(String activityType) {
    List<ActivityTask> tasks = claimTasks(activityType);
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }

  protected List<TimerEntry> timersDueWithin(Duration horizon) {
    return await(journal.timersDue(inJournalTime(horizon), 100));
  }

  // ---- time ---------------------------------------------------------------------------------

  protected Instant journalNow() {
    return journal.clock().instant();
  }

  /** Journal time {@code delay} from now, at millisecond precision (every store keeps that). */
  protected Instant inJournalTime(Duration delay) {
    return journalNow().plus(delay).truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * How far a timestamp the journal writes may stray from readings of {@link Journal#clock()}
   * around the call. Zero by default (a settable clock makes them exact); a journal whose clock is
   * an estimate of a database's may override it.
   */
  protected Duration clockTolerance() {
    return Duration.ZERO;
  }

  /** Asserts a journal timestamp taken between two readings of the journal's clock. */
  protected void assertTakenBetween(Instant actual, Instant before, Instant after) {
    Duration slack = clockTolerance();
    assertThat(actual)
        .isNotNull()
        .isBetween(before.truncatedTo(ChronoUnit.MICROS).minus(slack), after.plus(slack));
  }

  // ---- assertions ---------------------------------------------------------------------------

  /** What a rejected call must leave untouched. */
  protected record RunSnapshot(RunRecord run, List<HistoryEvent> history, List<InboxItem> inbox) {}

  protected RunSnapshot snapshot(String runId) {
    return new RunSnapshot(run(runId), history(runId), inbox(runId));
  }

  protected void assertUnchanged(RunSnapshot before) {
    assertThat(snapshot(before.run().runId())).isEqualTo(before);
  }

  protected static void assertFenced(ThrowingCallable call, FencedException.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            FencedException.class, f -> assertThat(f.reason()).isEqualTo(reason));
  }

  protected static void assertLeaseCleared(RunRecord run) {
    assertThat(run.leaseOwner()).as("lease owner").isNull();
    assertThat(run.leaseToken()).as("lease token").isZero();
    assertThat(run.leaseExpiresAt()).as("lease expiry").isNull();
  }

  /** Asserts JSON equality by value (key order and whitespace do not count). */
  protected static void assertJson(Payload actual, String expectedJson) {
    assertThat(actual).isNotNull();
    assertThat(tree(actual.jsonText())).isEqualTo(tree(expectedJson));
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }
}
