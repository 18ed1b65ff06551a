package io.continuum.pg.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.continuum.JournalException;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.payload.Payload;
import io.continuum.journal.CommitResult;
import io.continuum.journal.FencedException;
import io.continuum.journal.Journal;
import io.continuum.journal.JournalTestSupport;
import io.continuum.journal.NewRun;
import io.continuum.journal.StartResult;
import io.continuum.journal.StepCommit;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Group commit: writes queued behind a busy statement go out together, and each keeps its own
 * outcome. One batch slot; the first write is held on a table lock so that the others queue behind
 * it deterministically.
 */
class GroupCommitTest extends JournalTestSupport {
  private static Vertx vertx;
  private static PgConnectOptions db;
  private PgJournalImpl pg;
  private Duration skew = Duration.ZERO;

  @BeforeAll
  static void database() {
    vertx = Vertx.vertx();
    db = PgTestDatabase.shared().newDatabase();
  }

  @AfterAll
  static void dropDatabase() {
    PgTestDatabase.join(vertx.close());
    PgTestDatabase.shared().drop(db);
  }

  @Override
  protected Journal createJournal() {
    PgTestDatabase.shared()
        .execute(
            db,
            "TRUNCATE continuum_runs, continuum_events, continuum_signals, continuum_timers,"
                + " continuum_activity_tasks, continuum_activity_results, continuum_child_outcomes");
    PgJournalOptions options = PgJournalOptions.defaults().withPoolSize(2).withBatchSlots(1);
    pg = (PgJournalImpl) PgTestDatabase.join(PgJournal.create(vertx, db, options));
    return pg;
  }

  @Override
  protected void advanceTime(Duration d) {
    skew = skew.plus(d);
    PgTestDatabase.shared().setClockSkew(db, skew);
  }

  @AfterEach
  void closeJournal() {
    PgTestDatabase.join(pg.close());
  }

  @Test
  void startsQueuedBehindABusyStatementShareOneStatement() {
    long before = pg.writes().statements();

    List<Future<StartResult>> starts =
        whileRunsAreLocked(
            10, i -> journal.start(newRun("run-" + i), awaitingApproval(), OWNER, TTL, null));

    for (Future<StartResult> f : starts) {
      assertThat(await(f).created()).isTrue();
    }
    assertThat(pg.writes().statements() - before).isEqualTo(2);
    assertThat(await(journal.run("run-9")).state()).isEqualTo(RunState.SUSPENDED);
    assertThat(await(journal.history("run-9", 0))).hasSize(2);
  }

  @Test
  void aFencedCommitInABatchFailsAloneWithItsReason() {
    List<Started> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(startAwaitingSignal("run-" + i));
    }

    List<Future<CommitResult>> commits =
        whileRunsAreLocked(
            4,
            i -> {
              Started r = runs.get(i);
              long token = i == 2 ? r.token() + 1000 : r.token();
              return journal.commit(
                  new StepCommit(r.runId(), token, r.lastSeq(), completing("\"done\""), null));
            });

    for (int i = 0; i < 4; i++) {
      if (i == 2) {
        assertThat(catchThrowable(() -> await(commits.get(2))))
            .isInstanceOfSatisfying(
                FencedException.class,
                e -> assertThat(e.reason()).isEqualTo(FencedException.Reason.LEASE_LOST));
        assertThat(await(journal.run("run-2")).state()).isEqualTo(RunState.SUSPENDED);
      } else {
        assertThat(await(commits.get(i)).lastSeq()).isEqualTo(3);
        assertThat(await(journal.run("run-" + i)).state()).isEqualTo(RunState.COMPLETED);
      }
    }
  }

  @Test
  void twoCommitsOfOneRunNeverShareABatch() {
    Started run = startAwaitingSignal("run-1");
    StepCommit commit =
        new StepCommit(run.runId(), run.token(), run.lastSeq(), completing("\"done\""), null);
    startAwaitingSignal("run-0");

    List<Future<CommitResult>> commits =
        whileRunsAreLocked(
            3,
            i ->
                i == 0
                    ? journal.commit(
                        new StepCommit(
                            "run-0",
                            await(journal.run("run-0")).leaseToken(),
                            2,
                            completing("1"),
                            null))
                    : journal.commit(commit));

    await(commits.get(0));
    List<Object> outcomes = new ArrayList<>();
    for (Future<CommitResult> f : commits.subList(1, 3)) {
      Throwable error = catchThrowable(() -> await(f));
      outcomes.add(error == null ? "committed" : ((FencedException) error).reason());
    }
    assertThat(outcomes)
        .containsExactlyInAnyOrder("committed", FencedException.Reason.RUN_TERMINAL);
    assertThat(await(journal.history("run-1", 0))).hasSize(3);
  }

  @Test
  void aWriteThatPostgresRejectsDoesNotFailTheOthersInItsBatch() {
    // jsonb cannot hold \u0000: this start's attributes make the whole statement fail.
    Payload bad = Payload.ofJson("{\"note\":\"\\u0000\"}");

    List<Future<StartResult>> starts =
        whileRunsAreLocked(
            4,
            i -> {
              NewRun run = newRun("run-" + i);
              if (i == 2) {
                run =
                    new NewRun(
                        run.runId(),
                        run.workflowType(),
                        run.namespace(),
                        run.input(),
                        run.inputHash(),
                        bad,
                        run.startedAt());
              }
              return journal.start(run, awaitingApproval(), OWNER, TTL, null);
            });

    assertThat(catchThrowable(() -> await(starts.get(2))))
        .isInstanceOfSatisfying(JournalException.class, e -> assertThat(e.retryable()).isFalse());
    for (int i : new int[] {0, 1, 3}) {
      assertThat(await(starts.get(i)).created()).as("run-" + i).isTrue();
    }
    assertThat(catchThrowable(() -> await(journal.run("run-2"))))
        .isInstanceOf(io.continuum.RunNotFound.class);
  }

  /**
   * Issue 12, defect 4's kind: a batch refused because it waited too long for a lock fails every
   * write at once; sending each again alone would wait for the lock once per write.
   */
  @Test
  void aBatchThatTimesOutOnALockFailsEveryWriteAtOnceInsteadOfResendingEach() throws Exception {
    PgJournalOptions options =
        PgJournalOptions.defaults()
            .withPoolSize(2)
            .withBatchSlots(1)
            .withLockTimeout(Duration.ofMillis(300));
    var bounded = (PgJournalImpl) PgTestDatabase.join(PgJournal.create(vertx, db, options));
    try (Connection blocker = PgTestDatabase.shared().connect(db);
        Statement s = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      s.execute("LOCK TABLE continuum_runs IN EXCLUSIVE MODE");
      long before = bounded.writes().statements();
      List<Future<StartResult>> starts = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        starts.add(bounded.start(newRun("locked-" + i), awaitingApproval(), OWNER, TTL, null));
      }
      for (Future<StartResult> f : starts) {
        assertThat(catchThrowable(() -> await(f)))
            .isInstanceOfSatisfying(
                JournalException.class,
                e -> {
                  assertThat(e.retryable()).isTrue();
                  assertThat(e.mayHaveLanded()).isFalse();
                });
      }
      assertThat(bounded.writes().statements() - before)
          .as("the first start, then the nine queued behind it in one batch")
          .isEqualTo(2);
      blocker.rollback();
    } finally {
      PgTestDatabase.join(bounded.close());
    }
  }

  @Test
  void aLoneStepThatEndsARunCommitsWithoutWaiting() {
    Started run = startAwaitingSignal("run-1");
    long before = pg.writes().statements();

    CommitResult done =
        await(
            journal.commit(
                new StepCommit(
                    run.runId(),
                    run.token(),
                    run.lastSeq(),
                    step(RunState.COMPLETED).events(new Event.RunCompleted(json("7"))).build(),
                    null)));

    assertThat(done.lastSeq()).isEqualTo(3);
    assertThat(pg.writes().statements() - before).isEqualTo(1);
  }

  /**
   * Calls {@code write} for 0..n-1 while the run table is locked, so the first write's statement
   * waits on the lock and the others queue behind it; then lets them all go.
   */
  private <T> List<Future<T>> whileRunsAreLocked(
      int n, java.util.function.IntFunction<Future<T>> write) {
    List<Future<T>> futures = new ArrayList<>();
    try (Connection blocker = PgTestDatabase.shared().connect(db);
        Statement s = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      s.execute("LOCK TABLE continuum_runs IN EXCLUSIVE MODE");
      for (int i = 0; i < n; i++) {
        futures.add(write.apply(i));
      }
      blocker.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return futures;
  }
}
