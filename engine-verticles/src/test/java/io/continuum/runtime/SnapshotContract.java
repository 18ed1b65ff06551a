package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.Snapshot;
import io.continuum.core.payload.Payload;
import io.continuum.journal.FencedException;
import io.continuum.journal.Resumption;
import io.continuum.journal.RunRecord;
import io.continuum.journal.StoredSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, deliverable 3: a long run stores a snapshot every K events with its steps; a node that
 * takes it over after its owner died reads the snapshot and the tail, not the whole history, and
 * finishes it correctly; a snapshot of another code version, a corrupt one and (in paranoid mode) a
 * tampered one are not trusted; a stale snapshot write is fenced. Runs on both journals.
 */
public abstract class SnapshotContract {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration PAST_LEASE = Duration.ofSeconds(35);
  private static final int ACTIVITIES = 60;
  private static final int EVERY = 16;
  // run_started + the first activity_scheduled, then completed + scheduled per activity, the last
  // completed with signal_awaited
  private static final int WAITING_AT = 2 + 2 * ACTIVITIES;
  private static final int SNAPSHOT_AT = WAITING_AT / EVERY * EVERY;
  private static final String EXPECTED = "sum 3540 go";

  protected abstract EngineNodes newNodes();

  /** Doubles its input. */
  public static final class Double implements Activity<Integer, Integer> {
    @Override
    public Integer execute(ActivityContext ctx, Integer in) {
      return in * 2;
    }
  }

  /** Sixty activities in a row, then a signal: a long history that waits. */
  @WorkflowType("snap.long")
  public static final class LongRun implements Workflow<Integer, String> {
    @Override
    public String run(WorkflowContext ctx, Integer n) {
      int sum = 0;
      for (int i = 0; i < n; i++) {
        sum += ctx.<Integer, Integer, Double>activity(Double.class, i);
      }
      return "sum " + sum + " " + ctx.awaitSignal("go", String.class);
    }
  }

  private EngineNodes nodes;

  @BeforeEach
  void open() {
    nodes = newNodes();
  }

  @AfterEach
  void close() {
    nodes.close();
  }

  private EngineNodes.Node node(String id, SimpleMeterRegistry meters, boolean paranoid) {
    UnaryOperator<EngineOptions> tune =
        o -> o.withSnapshotEvery("snap.long", EVERY).withParanoidSnapshots(paranoid);
    return nodes.start(
        id, tune, b -> b.workflow(LongRun.class).activity(new Double()).meterRegistry(meters));
  }

  private static <T> T join(Future<T> f) {
    return EngineNodes.join(f, WAIT);
  }

  /** Starts the long run on node a and leaves it waiting for its signal. */
  private EngineNodes.Node waitingRun(String runId) {
    var a = node("a", new SimpleMeterRegistry(), false);
    join(a.engine().client().start(LongRun.class, ACTIVITIES, StartOptions.withId(runId)));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (join(nodes.journal().run(runId)).lastSeq() < WAITING_AT) {
      assertThat(System.nanoTime()).as(runId + " reaches its wait").isLessThan(deadline);
      nodes.settle();
    }
    return a;
  }

  /** Kills a, lets b take the run over with the signal that finishes it, and returns its result. */
  private String takeOver(EngineNodes.Node a, EngineNodes.Node b, String runId) {
    a.kill();
    join(b.engine().client().signal(runId, "go", "go"));
    nodes.advanceClock(PAST_LEASE);
    b.tick();
    nodes.settle();
    return join(b.engine().client().await(runId, String.class, WAIT));
  }

  private static double count(SimpleMeterRegistry meters, String name) {
    Counter c = meters.find(name).counter();
    return c == null ? 0 : c.count();
  }

  private static double ignored(SimpleMeterRegistry meters, String reason) {
    Counter c = meters.find("continuum.snapshots.ignored").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  private static long historyReads(SimpleMeterRegistry meters) {
    return meters.find("continuum.journal.latency").tag("op", "history").timers().stream()
        .mapToLong(t -> t.count())
        .sum();
  }

  /** Replaces the run's snapshot with {@code data} at its last seq, under its owner's lease. */
  private void plant(String runId, byte[] data) {
    RunRecord run = join(nodes.journal().run(runId));
    join(
        nodes
            .journal()
            .writeSnapshot(
                runId,
                run.leaseToken(),
                run.lastSeq(),
                new StoredSnapshot(run.lastSeq(), Snapshot.FORMAT, data)));
    assertThat(join(nodes.journal().resume(runId)).afterSeq()).isEqualTo(run.lastSeq());
  }

  private List<HistoryEvent> history(String runId) {
    return join(nodes.journal().history(runId, 0));
  }

  private String version(String runId) {
    return join(nodes.journal().run(runId)).versionHash();
  }

  @Test
  void aLongRunIsResumedByAnotherNodeFromItsSnapshotAndTail() {
    var a = waitingRun("s-1");

    Resumption stored = join(nodes.journal().resume("s-1"));
    assertThat(stored.afterSeq()).isEqualTo(SNAPSHOT_AT);
    assertThat(stored.tail()).extracting(HistoryEvent::seq).first().isEqualTo(SNAPSHOT_AT + 1);
    assertThat(stored.tail()).hasSize(WAITING_AT - SNAPSHOT_AT);
    var read =
        Snapshot.restore(
            stored.snapshot().formatVersion(),
            stored.snapshot().data(),
            "snap.long",
            version("s-1"));
    assertThat(read).isInstanceOf(Snapshot.Restored.class);
    assertThat(((Snapshot.Restored) read).snapshot().events())
        .extracting(HistoryEvent::event)
        .isEqualTo(
            history("s-1").subList(0, SNAPSHOT_AT).stream().map(HistoryEvent::event).toList());

    var meters = new SimpleMeterRegistry();
    var b = node("b", meters, false);
    assertThat(takeOver(a, b, "s-1")).isEqualTo(EXPECTED);

    assertThat(count(meters, "continuum.snapshots.used")).isEqualTo(1);
    assertThat(historyReads(meters)).as("full history reads on b").isZero();
    // the run ended: its snapshot went with it
    assertThat(join(nodes.journal().resume("s-1")).snapshot()).isNull();
  }

  @Test
  void aSnapshotOfAnotherCodeVersionIsIgnored() {
    var a = waitingRun("s-2");
    plant("s-2", new Snapshot("snap.long", "f".repeat(64), history("s-2")).encode());

    var meters = new SimpleMeterRegistry();
    var b = node("b", meters, false);
    assertThat(takeOver(a, b, "s-2")).isEqualTo(EXPECTED);

    assertThat(ignored(meters, "version")).isEqualTo(1);
    assertThat(count(meters, "continuum.snapshots.used")).isZero();
    assertThat(historyReads(meters)).isPositive();
  }

  @Test
  void aCorruptSnapshotIsIgnored() {
    var a = waitingRun("s-3");
    byte[] data = new Snapshot("snap.long", version("s-3"), history("s-3")).encode();
    data[data.length / 2] ^= 0x01;
    plant("s-3", data);

    var meters = new SimpleMeterRegistry();
    var b = node("b", meters, false);
    assertThat(takeOver(a, b, "s-3")).isEqualTo(EXPECTED);

    assertThat(ignored(meters, "corrupt")).isEqualTo(1);
    assertThat(count(meters, "continuum.snapshots.used")).isZero();
  }

  @Test
  void paranoidModeCatchesATamperedSnapshotAndTheHistoryWins() {
    var a = waitingRun("s-4");
    List<HistoryEvent> tampered = new ArrayList<>();
    for (HistoryEvent e : history("s-4")) {
      // every activity now "returned" 1000: trusted, the sum would be 60000
      tampered.add(
          e.event() instanceof Event.ActivityCompleted c
              ? new HistoryEvent(
                  e.seq(),
                  e.recordedAt(),
                  new Event.ActivityCompleted(c.commandSeq(), Payload.ofJson("1000"), c.attempts()))
              : e);
    }
    plant("s-4", new Snapshot("snap.long", version("s-4"), tampered).encode());

    var meters = new SimpleMeterRegistry();
    var b = node("b", meters, true);
    assertThat(takeOver(a, b, "s-4")).isEqualTo(EXPECTED);

    assertThat(count(meters, "continuum.snapshots.mismatched")).isEqualTo(1);
    assertThat(count(meters, "continuum.snapshots.used")).isZero();
  }

  @Test
  void paranoidModeAgreesWithAnHonestSnapshot() {
    var a = waitingRun("s-5");
    var meters = new SimpleMeterRegistry();
    var b = node("b", meters, true);
    assertThat(takeOver(a, b, "s-5")).isEqualTo(EXPECTED);

    assertThat(count(meters, "continuum.snapshots.used")).isEqualTo(1);
    assertThat(count(meters, "continuum.snapshots.mismatched")).isZero();
  }

  @Test
  void aStaleSnapshotWriteIsFencedAndWritesNothing() {
    waitingRun("s-6");
    RunRecord run = join(nodes.journal().run("s-6"));
    byte[] data = new Snapshot("snap.long", version("s-6"), history("s-6")).encode();
    var snapshot = new StoredSnapshot(run.lastSeq(), Snapshot.FORMAT, data);

    assertThatThrownBy(
            () ->
                join(
                    nodes
                        .journal()
                        .writeSnapshot("s-6", run.leaseToken() + 1, run.lastSeq(), snapshot)))
        .isInstanceOfSatisfying(
            FencedException.class,
            f -> assertThat(f.reason()).isEqualTo(FencedException.Reason.LEASE_LOST));
    var older = new StoredSnapshot(run.lastSeq() - 1, Snapshot.FORMAT, data);
    assertThatThrownBy(
            () ->
                join(
                    nodes
                        .journal()
                        .writeSnapshot("s-6", run.leaseToken(), run.lastSeq() - 1, older)))
        .isInstanceOfSatisfying(
            FencedException.class,
            f -> assertThat(f.reason()).isEqualTo(FencedException.Reason.STALE_SEQ));

    assertThat(join(nodes.journal().resume("s-6")).afterSeq()).isEqualTo(SNAPSHOT_AT);
  }
}
