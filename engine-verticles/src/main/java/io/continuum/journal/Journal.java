package io.continuum.journal;

import io.continuum.Failure;
import io.continuum.RunState;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.StepOutcome;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where runs live: their rows, histories, inboxes, activity tasks and timers. The engine talks to
 * storage only through this interface; {@code InMemoryJournal} and the Postgres journal implement
 * it and pass the same conformance suite ({@code JournalConformanceTest} in the test-jar).
 *
 * <h2>Rules every implementation keeps</h2>
 *
 * <ul>
 *   <li>A step is one atomic write ({@link #commit}): events, run row, tasks, timers, consumed
 *       inbox items and attributes, guarded by the lease token and run state in the same statement.
 *       A stale token or a terminal run fails with {@link FencedException} and writes nothing.
 *   <li>Only the lease holder appends history. Everything else (signals, activity outcomes, timer
 *       firings, cancel requests) goes to the run's inbox.
 *   <li>Time is the journal's ({@link #clock()}): lease expiry, timer due times and retry backoff
 *       are judged by it, never by a caller's clock.
 *   <li>Terminal states never change. A terminal commit discards the run's pending tasks, timers
 *       and inbox and clears its lease.
 *   <li>{@link JournalNotice notices} are hints; losing one delays work, never loses it.
 * </ul>
 *
 * <pre>{@code
 * Journal journal = InMemoryJournal.create();
 * journal.start(newRun, firstStep, "node-1/default/1", Duration.ofSeconds(30), null)
 *     .compose(started -> journal.signal(newRun.runId(), "approval", payload));
 * }</pre>
 */
public interface Journal {

  /** The journal's clock: database time. */
  Clock clock();

  // ---- runs ---------------------------------------------------------------------------------

  /**
   * Creates a run leased by {@code owner}, with {@code run_started} at seq 1 followed by its first
   * step, in one transaction. An existing run with the same id is returned instead when its type
   * and input hash match ({@link StartResult#created()} false, no lease).
   *
   * <p>A run with an execution timeout ({@link NewRun#executionTimeout()}) gets its deadline (its
   * start time plus the timeout, in journal time) and a timer for it, {@link
   * io.continuum.core.event.InboxItem.TimerFired#EXECUTION_DEADLINE}. A {@linkplain
   * NewRun#delayed() delayed} run is created without a step ({@code firstStep} null): {@code
   * pending}, unleased, with a timer {@link io.continuum.core.event.InboxItem.TimerFired#START} at
   * its start time; no claim takes it before that time, whatever reaches its inbox.
   *
   * @param firstStep the first step, or null for a delayed run
   * @param leasing the first step's tasks to create already leased, or null for none
   * @return fails with {@link io.continuum.RunConflict} when the id exists with other type or input
   */
  Future<StartResult> start(
      NewRun run, StepOutcome firstStep, String owner, Duration leaseTtl, TaskLeasing leasing);

  /**
   * Commits a step: appends its events after {@code expectedLastSeq}, moves the run to the
   * outcome's state and applies everything else the outcome carries. A consumed {@link
   * io.continuum.core.event.InboxItem.ActivityResult} whose id is a task still leased (a local
   * worker handed its result straight to the run's host) removes that task and records the result
   * as a completion would.
   *
   * <p>A step that continues as new ({@link io.continuum.core.event.Event.RunContinued}) also
   * creates the successor in the same transaction: {@code run_started} at seq 1 with the
   * predecessor's type, namespace and attributes, the version {@link StepCommit#successorVersion},
   * the chain's correlation id and {@code continued_from}; the predecessor's unconsumed signals
   * move to it in order; it keeps the chain's execution deadline (with a timer of its own); it is
   * left unleased and runnable (a notice announces it).
   *
   * @return the new last seq and the tasks created leased; fails with {@link FencedException} when
   *     the lease token, the last seq or the state do not match, or (as {@code STALE_SEQ}) when the
   *     step would end the run otherwise than cancelled while a cancel request waits
   */
  Future<CommitResult> commit(StepCommit commit);

  /**
   * The live tip of the continue-as-new chain {@code runId} belongs to: the run itself unless it
   * {@code continued}, else the newest run of its chain (which may have ended otherwise since).
   *
   * <pre>{@code
   * journal.tip("order-42").onSuccess(r -> log.info("the chain is at {}", r.runId()));
   * }</pre>
   *
   * @return fails with {@link io.continuum.RunNotFound}
   */
  Future<RunRecord> tip(String runId);

  /** The run's row; fails with {@link io.continuum.RunNotFound}. */
  Future<RunRecord> run(String runId);

  /**
   * The owner of the run's live lease (see {@link RunRecord#leaseOwner()}), or null when nobody
   * holds one, by the journal's clock; a missing run has none. Used to route messages to the node
   * that hosts the run; the answer may be stale by the time it arrives, so it is only a hint.
   *
   * <p>The default reads the run.
   */
  default Future<String> leaseHolder(String runId) {
    return run(runId)
        .map(r -> r.leasedAt(clock().instant()) ? r.leaseOwner() : null)
        .recover(
            err ->
                err instanceof io.continuum.RunNotFound
                    ? Future.succeededFuture(null)
                    : Future.failedFuture(err));
  }

  /**
   * The run's events after {@code afterSeq}, in order; fails with {@link io.continuum.RunNotFound}.
   */
  Future<List<HistoryEvent>> history(String runId, int afterSeq);

  /**
   * What a node needs to resume the run, in one read: its row, its newest snapshot and the events
   * after that snapshot (the whole history when it has none). The caller decides whether the
   * snapshot can stand for the prefix; one it cannot use costs a {@link #history} read.
   *
   * <pre>{@code
   * journal.resume(runId).onSuccess(r -> load(r.run(), r.snapshot(), r.tail()));
   * }</pre>
   *
   * <p>The default reads the row and the whole history (a journal that stores no snapshots).
   *
   * @return fails with {@link io.continuum.RunNotFound}
   */
  default Future<Resumption> resume(String runId) {
    return run(runId).compose(r -> history(runId, 0).map(h -> new Resumption(r, null, h)));
  }

  /**
   * Stores a snapshot of the run's history outside a step (before its host lets it leave memory),
   * replacing older ones; fenced like {@link #commit}: only under the run's current lease token and
   * while its last seq is still {@code lastSeq}, else it writes nothing.
   *
   * <pre>{@code
   * journal.writeSnapshot(runId, leaseToken, history.lastSeq(), stored);
   * }</pre>
   *
   * <p>The default stores nothing (a journal that stores no snapshots).
   *
   * @return fails with {@link FencedException} (lease lost, stale seq, run ended) or {@link
   *     io.continuum.RunNotFound}
   */
  default Future<Void> writeSnapshot(
      String runId, long leaseToken, int lastSeq, StoredSnapshot snapshot) {
    return Future.succeededFuture();
  }

  /**
   * The run's unconsumed inbox (signals in arrival order) and the journal's time of reading it;
   * fails with {@link io.continuum.RunNotFound}.
   */
  Future<Inbox> inbox(String runId);

  /**
   * The run's events after {@code afterSeq}, at most {@code limit} of them, in order; fails with
   * {@link io.continuum.RunNotFound}.
   */
  default Future<List<HistoryEvent>> history(String runId, int afterSeq, int limit) {
    return history(runId, afterSeq)
        .map(events -> events.size() <= limit ? events : List.copyOf(events.subList(0, limit)));
  }

  /**
   * Lists runs: {@code search.namespace()}'s runs matching its filters, newest first (creation
   * time, then id descending), strictly after its position, at most {@code search.limit()}.
   */
  Future<List<RunRecord>> query(RunSearch search);

  /**
   * Merges search attributes into a run's row (keys replace keys, other keys stay), whatever its
   * state: attributes are not history.
   *
   * @param attributes a JSON object
   * @return the updated row; fails with {@link io.continuum.RunNotFound}
   */
  Future<RunRecord> setAttributes(String runId, Payload attributes);

  /**
   * How many runs of {@code namespace} are in each state (states without runs are absent). For
   * dashboards: the figure is exact when it was read, and may be stale as soon as it is returned.
   */
  Future<Map<RunState, Long>> countRuns(String namespace);

  /**
   * How many open (not terminal) runs of {@code namespace} each workflow version pins, keyed {@code
   * <workflow type>@<version hash>} ({@code @null} for unversioned runs).
   */
  Future<Map<String, Long>> openRunsByVersion(String namespace);

  /**
   * The workflow versions each node recorded with {@link #recordLoadedVersions}, by node: who can
   * run which version.
   */
  Future<Map<String, List<LoadedVersion>>> nodeVersions();

  /** The activity tasks of run {@code runId} that have not delivered their outcome, by seq. */
  Future<List<TaskStatus>> pendingTasks(String runId);

  /**
   * Records the workflow versions {@code node} has loaded (replacing what it recorded before), for
   * operators: which code each node runs, and which versions live runs still need.
   */
  Future<Void> recordLoadedVersions(String node, Collection<LoadedVersion> versions);

  // ---- delivery -----------------------------------------------------------------------------

  /**
   * Puts a signal in the mailbox of the live tip of the run's continue-as-new chain (see {@link
   * #tip}), resolved in the same transaction, so a signal never lands on a run that continued.
   *
   * @return the signal's id; fails with {@link io.continuum.RunNotFound} or {@link
   *     io.continuum.RunTerminal}
   */
  Future<Long> signal(String runId, String name, Payload payload);

  /**
   * Cancels the live tip of the run's chain (see {@link #tip}) if it has no live lease at once (one
   * transaction: {@code run_cancelled} appended, tasks, timers and inbox discarded, lease cleared);
   * for a leased run, records the request in its inbox for the owner to honour and, in the same
   * transaction, flags every activity task the run has at that moment (tasks created later are not
   * flagged), so their attempts learn it with their next {@link #beatTask}. A recorded request is
   * binding: while it waits, {@link #commit} refuses (as stale) any step that would end the run
   * otherwise or park it {@code drifted}, so the run ends {@code cancelled}.
   *
   * @return what happened; fails with {@link io.continuum.RunNotFound}, or with {@link
   *     io.continuum.RunTerminal} when the run completed, failed or continued
   */
  Future<CancelResult> cancel(String runId, String reason);

  /**
   * Queues update {@code updateId} (handler {@code name}, {@code input}) in the inbox of the live
   * tip of the run's chain, once per (run, update id), and makes the run runnable; its owner
   * applies it at the code's next wait and journals its outcome ({@code update_applied} with the
   * update id). The queued update goes when the run ends.
   *
   * <pre>{@code
   * journal.requestUpdate("cart-7", "u-1", "add", codec.encode("book"))
   *     .onSuccess(holder -> log.info("queued for {}", holder));
   * }</pre>
   *
   * @return the key of the run it was queued for; fails with {@link io.continuum.RunNotFound} or
   *     {@link io.continuum.RunTerminal}
   */
  Future<String> requestUpdate(String runId, String updateId, String name, Payload input);

  /**
   * Asks the live tip of the run's chain to cancel, giving its code the chance to clean up: records
   * a binding request in its inbox (as {@link #cancel} does for a leased run) and makes the run
   * runnable, so that its owner, or the next node that claims it, throws {@link
   * io.continuum.CancelledFailure} into its code at its wait. Only a run no code can clean up —
   * {@code pending} (its code never ran), {@code drifted}, or of a workflow version no node has
   * loaded ({@link #recordLoadedVersions}) — and that has no live lease is cancelled at once, as
   * {@link #cancel} would.
   *
   * <pre>{@code
   * journal.requestCancel(runId, "customer changed their mind")
   *     .onSuccess(r -> { if (r == CancelResult.REQUESTED) wake(runId); });
   * }</pre>
   *
   * @return what happened; fails as {@link #cancel} does
   */
  Future<CancelResult> requestCancel(String runId, String reason);

  // ---- leases -------------------------------------------------------------------------------

  /**
   * Claims up to {@code limit} runnable runs of the given workflow types (the ones this node can
   * run): not terminal, not drifted, unleased or with an expired lease, and with work waiting (at
   * least one inbox item) — skipping {@code exclude}. A run with nothing in its inbox has nothing
   * to do: it becomes claimable when something arrives.
   *
   * <p>Each entry of {@code workflowTypes} is a {@link LoadedVersion#claimKey}: a bare type name
   * claims runs of every version of that type; {@code type@hash} claims the runs recorded with that
   * version and the runs recorded with none. A run whose version no entry names stays where it is,
   * waiting for a node that has its code.
   */
  Future<List<Lease>> claimRunnable(
      String owner,
      Collection<String> workflowTypes,
      int limit,
      Duration ttl,
      Collection<String> exclude);

  /**
   * Extends every lease {@code owner} holds (including ones that lapsed but were not claimed by
   * anyone since: the token is still this owner's), and reports which of those runs have inbox
   * items waiting.
   */
  Future<RenewResult> renewLeases(String owner, Duration ttl);

  /**
   * Releases leases (graceful stop) held by {@code owner}: clears them, so that runs with inbox
   * items are claimable by other nodes at once instead of after the lease TTL.
   */
  Future<Void> releaseLeases(String owner, Collection<String> runIds);

  // ---- activity tasks -----------------------------------------------------------------------

  /**
   * Claims up to {@code limit} due activity tasks of the given types (the ones this node can run);
   * each claim consumes an attempt.
   */
  Future<List<ActivityTask>> claimTasks(
      String owner, Collection<String> activityTypes, int limit, Duration ttl);

  /** Extends a task lease; false when the lease is no longer held by this token. */
  Future<Boolean> heartbeatTask(long taskId, long leaseToken, Duration ttl);

  /**
   * Extends a task lease like {@link #heartbeatTask} and, with an activity's {@code heartbeat},
   * also stores its details (handed to later attempts) and moves the task's heartbeat deadline to
   * {@code min(heartbeat.at(), now) + heartbeatTimeout} when its options have a heartbeat timeout.
   * A lease beat without a heartbeat ({@code null}) leaves the deadline alone: only the activity
   * proves it is alive.
   *
   * <pre>{@code
   * journal.beatTask(id, token, ttl, new TaskHeartbeat(details, now))
   *     .onSuccess(beat -> { if (beat == TaskBeat.CANCEL_REQUESTED) stop(); });
   * }</pre>
   *
   * @return {@link TaskBeat#LOST} (nothing written) when the token no longer holds the task
   */
  Future<TaskBeat> beatTask(long taskId, long leaseToken, Duration ttl, TaskHeartbeat heartbeat);

  /**
   * Marks a held task as completing externally: its lease now runs to the attempt's start plus the
   * activity's start-to-close timeout (no worker heartbeats it any more), after which a sweep fails
   * the attempt as an {@code ActivityTimeoutException} and retries it per its policy.
   *
   * @return the new lease expiry; fails with {@link FencedException} when the token no longer holds
   *     the task (it may have been completed externally already)
   */
  Future<Instant> awaitExternalCompletion(long taskId, long leaseToken);

  /**
   * Applies an external completion, as a compare-and-set: only while the task exists, belongs to
   * the run, is leased by the same attempt and lease token, is not past its lease and is not
   * flagged by a cancel. A result completes the task like {@link #completeTask}; a failure is
   * retried per the activity's retry policy (backoff in journal time) or, with no attempt left or a
   * non-retryable type, fails it for good.
   *
   * <pre>{@code
   * journal.completeExternally(new ExternalCompletion(id, runKey, 1, token, result, null));
   * }</pre>
   *
   * @return fails with {@link FencedException} (nothing written) when any condition does not hold
   */
  Future<Void> completeExternally(ExternalCompletion completion);

  /**
   * Completes a task: puts its outcome in the run's inbox and records a result under (activity
   * type, idempotency key) for reuse.
   *
   * @return fails with {@link FencedException} when the task lease was lost, or the task is gone
   *     because its run ended (either reason may be reported for a task that no longer exists)
   */
  Future<Void> completeTask(long taskId, long leaseToken, TaskOutcome outcome);

  /**
   * Puts a failed attempt's task back, due after {@code backoff} in journal time.
   *
   * @return when it is due; fails with {@link FencedException} like {@link #completeTask}
   */
  Future<Instant> retryTask(long taskId, long leaseToken, Failure failure, Duration backoff);

  /**
   * Requeues tasks whose lease expired (their attempt stays consumed); a task with no attempt left
   * fails with {@code attempts_exhausted} without running again. It also ends running attempts that
   * timed out: past their heartbeat deadline ({@link SweepResult#HEARTBEAT_TIMEOUT}), or completing
   * externally past their start-to-close timeout ({@code ActivityTimeoutException}); those are
   * retried per the activity's retry policy (its backoff, its non-retryable types) and listed in
   * {@link SweepResult#timedOut()}. A task flagged by a cancel is never retried: it fails as {@code
   * io.continuum.ActivityCancelled}.
   */
  Future<SweepResult> requeueExpiredTasks();

  // ---- timers -------------------------------------------------------------------------------

  /**
   * Timers due at or before {@code horizon}, soonest first: the first page of {@link
   * #timersDue(Instant, TimerEntry, int)}.
   */
  default Future<List<TimerEntry>> timersDue(Instant horizon, int limit) {
    return timersDue(horizon, null, limit);
  }

  /**
   * Unfired timers due at or before {@code horizon} that come after {@code after} in (due time,
   * timer id) order, soonest first: a page of the pending timers, read by the index whatever how
   * many are pending. {@code after} null starts at the soonest; the last entry of a full page is
   * the next page's {@code after}.
   *
   * <pre>{@code
   * journal.timersDue(horizon, null, 1000)
   *     .compose(page -> journal.timersDue(horizon, page.get(page.size() - 1), 1000));
   * }</pre>
   */
  Future<List<TimerEntry>> timersDue(Instant horizon, TimerEntry after, int limit);

  /**
   * Fires a timer into its run's inbox, once. False when it is gone, not yet due (timers never fire
   * early) or its run has ended.
   */
  Future<Boolean> fireTimer(long timerId);

  /**
   * Fires many timers, each as {@link #fireTimer} would, in one atomic write: each fires into its
   * run's inbox once, never before its due time by the journal's clock, never into a run that
   * ended; each run that got a firing is announced ({@link JournalNotice.RunReady}) once the write
   * is committed. Two callers firing overlapping batches never deadlock. A journal may leave out a
   * timer whose run another write holds at that moment (rather than wait for it): it stays pending,
   * and the caller tries it again shortly.
   *
   * <pre>{@code
   * journal.fireTimers(List.of(41L, 42L))
   *     .onSuccess(fired -> fired.forEach(id -> log.info("timer {} fired", id)));
   * }</pre>
   *
   * <p>The default fires them one by one; journals override it with one statement per batch.
   *
   * @return the ids that fired now, in ascending order; the others are gone, not yet due, already
   *     fired or belong to an ended run
   */
  default Future<List<Long>> fireTimers(List<Long> timerIds) {
    List<Long> ids = timerIds.stream().distinct().sorted().toList();
    List<Future<Boolean>> calls = ids.stream().map(this::fireTimer).toList();
    return Future.all(calls)
        .map(
            all -> {
              List<Long> fired = new ArrayList<>();
              for (int i = 0; i < ids.size(); i++) {
                if (calls.get(i).result()) {
                  fired.add(ids.get(i));
                }
              }
              return fired;
            });
  }

  /**
   * A random 256-bit key for {@code purpose}, the same for every node of this journal: made by the
   * first caller, never changed. The engine signs run-list cursors with it.
   *
   * <pre>{@code
   * journal.secret("run-cursors").onSuccess(key -> mac.init(new SecretKeySpec(key, "HmacSHA256")));
   * }</pre>
   */
  Future<byte[]> secret(String purpose);

  /** Counts for gauges (open runs by state, ready tasks, due timers); see {@link JournalStats}. */
  Future<JournalStats> stats();

  // ---- health -------------------------------------------------------------------------------

  /**
   * Checks, within a second, that the journal can serve calls now; a health endpoint calls it.
   *
   * <pre>{@code
   * journal.checkHealth().onFailure(err -> log.warn("journal down: {}", err.getMessage()));
   * }</pre>
   *
   * @return fails with a {@link io.continuum.JournalException} whose message says what is wrong
   *     (which table is locked, that no connection could be made)
   */
  default Future<Void> checkHealth() {
    return Future.succeededFuture();
  }

  // ---- notices ------------------------------------------------------------------------------

  /** Subscribes to notices of work for this node; completes once listening. */
  Future<Void> listen(JournalListener listener);

  /** Unsubscribes. */
  Future<Void> unlisten(JournalListener listener);
}
