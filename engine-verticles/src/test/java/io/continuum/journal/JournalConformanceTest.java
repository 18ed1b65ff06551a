package io.continuum.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.continuum.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every {@link Journal} passes: runs and steps, fencing, history, inbox,
 * signals, cancellation, leases and claims, activity tasks, timers and notices. Each test gets a
 * fresh, empty journal and moves time only through {@link #advanceTime}; it blocks on the journal's
 * futures from the JUnit thread with a bounded wait, so it works with journals that complete their
 * futures later and on other threads.
 *
 * <p>The suite is one chain of abstract classes, one per feature ({@link JournalStartConformance},
 * {@link JournalCommitConformance}, {@link JournalDeliveryConformance}, {@link
 * JournalLeaseConformance}, {@link JournalTaskConformance}, {@link JournalTimerConformance}, {@link
 * JournalFastPathConformance}, ..., {@link JournalDeadlineConformance}, this class for notices) on
 * top of {@link JournalTestSupport}. A journal module adds the engine's test-jar as a test
 * dependency and subclasses this class once:
 *
 * <pre>{@code
 * class PgJournalConformanceTest extends JournalConformanceTest {
 *   @Override
 *   protected Journal createJournal() {
 *     database.truncateAll();                  // a fresh, empty journal for each test
 *     return PgJournal.create(vertx, database.options());
 *   }
 *
 *   @Override
 *   protected void advanceTime(Duration d) {
 *     database.shiftClock(d);                  // moves the journal's (database) clock forward
 *   }
 * }
 * }</pre>
 *
 * <p>Those two methods are the whole contract. A journal whose {@link Journal#clock()} only
 * estimates its database's clock may also override {@link #clockTolerance()}, the slack allowed
 * when the suite checks a written timestamp against clock readings taken around the call.
 */
public abstract class JournalConformanceTest extends JournalDeadlineConformance {

  private final List<NoticeRecorder> listening = new ArrayList<>();

  @AfterEach
  void stopListening() {
    for (NoticeRecorder recorder : listening) {
      await(journal.unlisten(recorder));
    }
  }

  @Test
  void aListenerThatThrowsNeitherFailsTheCallNorLosesTheWrite() {
    startAwaitingSignal("run-1");
    JournalListener broken =
        n -> {
          throw new IllegalStateException("listener bug");
        };
    await(journal.listen(broken));
    try {
      signal("run-1", APPROVAL, "\"yes\"");

      assertThat(inbox("run-1")).hasSize(1);
    } finally {
      await(journal.unlisten(broken));
    }
  }

  @Test
  void listenersHearRunReadyForASignal() {
    startAwaitingSignal("run-1");
    NoticeRecorder notices = listen();

    signal("run-1", APPROVAL, "\"yes\"");

    notices.awaitNotice(new JournalNotice.RunReady("run-1"));
  }

  @Test
  void listenersHearRunReadyForAnActivityCompletion() {
    startWithActivity("run-1", OPTIONS, "run-1/2");
    ActivityTask task = claimOneTask(CHARGE);
    NoticeRecorder notices = listen();

    await(
        journal.completeTask(
            task.taskId(), task.leaseToken(), TaskOutcome.success(json("\"ok\""), 1)));

    notices.awaitNotice(new JournalNotice.RunReady("run-1"));
  }

  @Test
  void listenersHearTasksReadyWhenAStepCreatesTasks() {
    Started run = startAwaitingSignal("run-1");
    NoticeRecorder notices = listen();

    commitAtHead(
        "run-1",
        run.token(),
        step(RunState.SUSPENDED)
            .events(scheduled(CHARGE, 0))
            .activity(activity(3, CHARGE, OPTIONS, "run-1/3"))
            .build());

    notices.awaitNotice(new JournalNotice.TasksReady());
  }

  @Test
  void listenersHearTimerArmedWhenAStepCreatesATimer() {
    NoticeRecorder notices = listen();

    Instant fireAt = startWithTimer("run-1", Duration.ofMinutes(1));

    notices.awaitNotice(new JournalNotice.TimerArmed(fireAt));
  }

  @Test
  void listenersHearRunReadyWhenATimerFires() {
    Instant fireAt = startWithTimer("run-1", Duration.ofMinutes(1));
    TimerEntry timer = await(journal.timersDue(fireAt, 10)).get(0);
    advanceTime(Duration.ofMinutes(1));
    NoticeRecorder notices = listen();

    await(journal.fireTimer(timer.timerId()));

    notices.awaitNotice(new JournalNotice.RunReady("run-1"));
  }

  @Test
  void listenersHearRunReadyForEachRunWokenByABatchOfTimers() {
    startWithTimer("run-1", Duration.ofMinutes(1));
    startWithTimer("run-2", Duration.ofMinutes(1));
    List<Long> ids =
        timersDueWithin(Duration.ofHours(1)).stream().map(TimerEntry::timerId).toList();
    advanceTime(Duration.ofMinutes(1));
    NoticeRecorder notices = listen();

    assertThat(await(journal.fireTimers(ids))).hasSize(2);

    notices.awaitNotice(new JournalNotice.RunReady("run-1"));
    notices.awaitNotice(new JournalNotice.RunReady("run-2"));
  }

  @Test
  void anUnlistenedListenerHearsNothing() {
    startAwaitingSignal("run-1");
    NoticeRecorder silenced = listen();
    NoticeRecorder witness = listen();
    await(journal.unlisten(silenced));
    listening.remove(silenced);

    signal("run-1", APPROVAL, "\"yes\"");
    startWithActivity("run-2", OPTIONS, "run-2/2");
    Instant fireAt = startWithTimer("run-3", Duration.ofMinutes(1));

    witness.awaitNotice(new JournalNotice.RunReady("run-1"));
    witness.awaitNotice(new JournalNotice.TasksReady());
    witness.awaitNotice(new JournalNotice.TimerArmed(fireAt));
    assertThat(silenced.received).isEmpty();
  }

  private NoticeRecorder listen() {
    var recorder = new NoticeRecorder();
    await(journal.listen(recorder));
    listening.add(recorder);
    return recorder;
  }

  /** Collects notices from any thread; waits for one with a bounded wait, never a sleep. */
  private static final class NoticeRecorder implements JournalListener {
    final BlockingQueue<JournalNotice> received = new LinkedBlockingQueue<>();
    private final List<JournalNotice> seen = new ArrayList<>();

    @Override
    public void onNotice(JournalNotice notice) {
      received.add(notice);
    }

    // A RunReady's owner is a routing hint a journal may or may not give: it is not compared.
    private static JournalNotice withoutHint(JournalNotice n) {
      return n instanceof JournalNotice.RunReady r
          ? new JournalNotice.RunReady(r.runId(), r.heard())
          : n;
    }

    void awaitNotice(JournalNotice expected) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (seen.stream()
          .map(NoticeRecorder::withoutHint)
          .noneMatch(withoutHint(expected)::equals)) {
        long left = deadline - System.nanoTime();
        JournalNotice next = null;
        try {
          next = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (next == null) {
          fail("no %s within %s; received %s", expected, WAIT, seen);
        }
        seen.add(next);
      }
    }
  }
}
