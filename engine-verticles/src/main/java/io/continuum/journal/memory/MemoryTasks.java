package io.continuum.journal.memory;

import io.continuum.ActivityCancelled;
import io.continuum.ActivityTimeoutException;
import io.continuum.Failure;
import io.continuum.RetryPolicy;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.ActivityRequest;
import io.continuum.core.replay.TimerRequest;
import io.continuum.journal.ActivityTask;
import io.continuum.journal.ExternalCompletion;
import io.continuum.journal.FencedException;
import io.continuum.journal.JournalNotice;
import io.continuum.journal.SweepResult;
import io.continuum.journal.TaskBeat;
import io.continuum.journal.TaskHeartbeat;
import io.continuum.journal.TaskLeasing;
import io.continuum.journal.TaskOutcome;
import io.continuum.journal.TimerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Activity tasks, committed results and timers of an in-memory journal; under the store lock. */
final class MemoryTasks {

  private static final class Task {
    final long id;
    final String runId;
    final ActivityRequest request;
    int attempt;
    boolean leased;
    Instant availableAt;
    long leaseToken;
    Instant leaseExpiresAt;
    Failure lastFailure;
    Instant startedAt;
    Instant heartbeatDeadline;
    Payload heartbeatDetails;
    boolean cancelRequested;
    boolean external;

    Task(long id, String runId, ActivityRequest request, Instant availableAt) {
      this.id = id;
      this.runId = runId;
      this.request = request;
      this.availableAt = availableAt;
    }
  }

  private final MemoryStore store;
  private final Map<Long, Task> tasks = new LinkedHashMap<>();
  private final Map<String, Payload> results = new HashMap<>();
  private final Map<Long, TimerEntry> timers = new HashMap<>();
  private final TreeSet<TimerEntry> timersByDue =
      new TreeSet<>(
          Comparator.comparing(TimerEntry::fireAt).thenComparingLong(TimerEntry::timerId));

  MemoryTasks(MemoryStore store) {
    this.store = store;
  }

  /** Creates a step's tasks, the leased ones already claimed (attempt 1); returns those. */
  List<ActivityTask> create(
      MemoryStore.Tx tx,
      String runId,
      List<ActivityRequest> requests,
      Instant now,
      TaskLeasing leasing) {
    List<ActivityTask> leased = new ArrayList<>();
    boolean ready = false;
    for (ActivityRequest r : requests) {
      long id = store.nextId();
      Task t = new Task(id, runId, r, now);
      tasks.put(id, t);
      if (leasing != null && leasing.leases(r.commandSeq())) {
        leased.add(lease(t, leasing.ttl(), now));
      } else {
        ready = true;
      }
    }
    if (ready) {
      tx.notice(new JournalNotice.TasksReady());
    }
    return leased;
  }

  private ActivityTask lease(Task t, Duration ttl, Instant now) {
    t.attempt++;
    t.leased = true;
    t.leaseToken = store.nextToken();
    t.leaseExpiresAt = now.plus(ttl);
    t.startedAt = now;
    t.external = false;
    Duration heartbeatTimeout = t.request.options().heartbeatTimeout();
    t.heartbeatDeadline = heartbeatTimeout == null ? null : now.plus(heartbeatTimeout);
    ActivityRequest r = t.request;
    return new ActivityTask(
        t.id,
        t.runId,
        r.commandSeq(),
        r.activityType(),
        r.input(),
        r.options(),
        t.attempt,
        r.idempotencyKey(),
        t.leaseToken,
        t.leaseExpiresAt,
        results.get(resultKey(r.activityType(), r.idempotencyKey())),
        t.heartbeatDetails,
        t.cancelRequested);
  }

  /**
   * Whether {@code item} is the result of a task of this run still leased to the attempt that
   * produced it (a requeued task's stale attempt no longer counts).
   */
  boolean isLocalResult(String runId, InboxItem item) {
    if (!(item instanceof InboxItem.ActivityResult a)) {
      return false;
    }
    Task t = tasks.get(a.id());
    return t != null
        && t.leased
        && t.attempt == a.attempts()
        && t.runId.equals(runId)
        && t.request.commandSeq() == a.commandSeq();
  }

  /** Consumes a result a local worker handed straight to the run: the task is done. */
  void consumeLocal(InboxItem.ActivityResult a) {
    Task t = tasks.remove(a.id());
    if (t != null && a.result() != null) {
      remember(t.request, a.result());
    }
  }

  void arm(MemoryStore.Tx tx, String runId, List<TimerRequest> requests) {
    for (TimerRequest r : requests) {
      var entry = new TimerEntry(store.nextId(), runId, r.commandSeq(), r.fireAt());
      timers.put(entry.timerId(), entry);
      timersByDue.add(entry);
      tx.notice(new JournalNotice.TimerArmed(r.fireAt()));
    }
  }

  /** Drops everything pending for an ended run. */
  void discard(String runId) {
    tasks.values().removeIf(t -> t.runId.equals(runId));
    timers.values().removeIf(t -> t.runId().equals(runId));
    timersByDue.removeIf(t -> t.runId().equals(runId));
  }

  List<ActivityTask> claim(Collection<String> types, int limit, Duration ttl, Instant now) {
    List<Task> due = new ArrayList<>();
    for (Task t : tasks.values()) {
      if (!t.leased && !t.availableAt.isAfter(now) && types.contains(t.request.activityType())) {
        due.add(t);
      }
    }
    due.sort(Comparator.comparing((Task t) -> t.availableAt).thenComparingLong(t -> t.id));
    List<ActivityTask> claimed = new ArrayList<>();
    for (Task t : due.subList(0, Math.min(limit, due.size()))) {
      claimed.add(lease(t, ttl, now));
    }
    return claimed;
  }

  boolean heartbeat(long taskId, long token, Duration ttl, Instant now) {
    Task t = tasks.get(taskId);
    if (t == null || !t.leased || t.leaseToken != token) {
      return false;
    }
    t.leaseExpiresAt = now.plus(ttl);
    return true;
  }

  TaskBeat beat(long taskId, long token, Duration ttl, TaskHeartbeat heartbeat, Instant now) {
    Task t = tasks.get(taskId);
    if (t == null || !t.leased || t.leaseToken != token) {
      return TaskBeat.LOST;
    }
    if (!t.external) {
      t.leaseExpiresAt = now.plus(ttl);
    }
    if (heartbeat != null) {
      t.heartbeatDetails = heartbeat.details();
      Duration timeout = t.request.options().heartbeatTimeout();
      if (timeout != null && !t.external) {
        Instant at = heartbeat.at().isBefore(now) ? heartbeat.at() : now;
        t.heartbeatDeadline = at.plus(timeout);
      }
    }
    return t.cancelRequested ? TaskBeat.CANCEL_REQUESTED : TaskBeat.HELD;
  }

  /** Flags every task the run has now: its cancel was requested. */
  void flagCancel(String runId) {
    for (Task t : tasks.values()) {
      if (t.runId.equals(runId)) {
        t.cancelRequested = true;
      }
    }
  }

  Instant awaitExternal(long taskId, long token, String op) {
    Task t = leased(taskId, token, op);
    t.external = true;
    t.heartbeatDeadline = null;
    t.leaseExpiresAt = t.startedAt.plus(t.request.options().startToCloseTimeout());
    return t.leaseExpiresAt;
  }

  void completeExternally(MemoryStore.Tx tx, ExternalCompletion c, Instant now, String op) {
    Task t = tasks.get(c.taskId());
    if (t == null
        || !t.runId.equals(c.runId())
        || !t.leased
        || t.attempt != c.attempt()
        || t.leaseToken != c.leaseToken()
        || t.cancelRequested
        || !t.leaseExpiresAt.isAfter(now)) {
      throw new FencedException(op, c.runId(), FencedException.Reason.LEASE_LOST);
    }
    if (c.result() != null) {
      complete(tx, t.id, t.leaseToken, TaskOutcome.success(c.result(), t.attempt), op);
      return;
    }
    RetryPolicy policy = t.request.options().retry();
    if (t.attempt < policy.maxAttempts() && policy.isRetryable(c.failure().type())) {
      retry(t.id, t.leaseToken, c.failure(), policy.backoffAfter(t.attempt), now, op);
    } else {
      complete(tx, t.id, t.leaseToken, TaskOutcome.failed(c.failure(), t.attempt), op);
    }
  }

  void complete(MemoryStore.Tx tx, long taskId, long token, TaskOutcome outcome, String op) {
    Task t = leased(taskId, token, op);
    tasks.remove(taskId);
    ActivityRequest r = t.request;
    if (outcome instanceof TaskOutcome.Success s) {
      remember(r, s.result());
      deliver(tx, t, s.result(), null, s.attempts());
    } else {
      deliver(tx, t, null, ((TaskOutcome.Failed) outcome).failure(), outcome.attempts());
    }
  }

  Instant retry(
      long taskId, long token, Failure failure, Duration backoff, Instant now, String op) {
    Task t = leased(taskId, token, op);
    t.leased = false;
    t.lastFailure = failure;
    t.availableAt = now.plus(backoff);
    return t.availableAt;
  }

  /** The run's tasks that have not delivered their outcome, by seq. */
  List<io.continuum.journal.TaskStatus> pending(String runId) {
    List<io.continuum.journal.TaskStatus> out = new ArrayList<>();
    for (Task t : tasks.values()) {
      if (t.runId.equals(runId)) {
        out.add(
            new io.continuum.journal.TaskStatus(
                t.request.commandSeq(),
                t.request.activityType(),
                t.attempt,
                t.request.options().retry().maxAttempts(),
                t.leased,
                t.availableAt,
                t.lastFailure,
                t.heartbeatDetails));
      }
    }
    out.sort(Comparator.comparingInt(io.continuum.journal.TaskStatus::commandSeq));
    return out;
  }

  SweepResult sweep(MemoryStore.Tx tx, Instant now) {
    int requeued = 0;
    int exhausted = 0;
    List<Long> timedOut = new ArrayList<>();
    for (Task t : new ArrayList<>(tasks.values())) {
      if (!t.leased) {
        continue;
      }
      boolean missedHeartbeat = t.heartbeatDeadline != null && !t.heartbeatDeadline.isAfter(now);
      if (!missedHeartbeat && t.leaseExpiresAt.isAfter(now)) {
        continue;
      }
      Failure timeout = timeout(t, missedHeartbeat);
      if (timeout != null) {
        timedOut.add(t.id);
      }
      int max = t.request.options().retry().maxAttempts();
      if (t.cancelRequested) {
        tasks.remove(t.id);
        deliver(tx, t, null, cancelled(t), t.attempt);
        exhausted++;
      } else if (timeout != null) {
        RetryPolicy policy = t.request.options().retry();
        if (t.attempt < max && policy.isRetryable(timeout.type())) {
          t.leased = false;
          t.lastFailure = timeout;
          t.availableAt = now.plus(policy.backoffAfter(t.attempt));
          requeued++;
        } else {
          tasks.remove(t.id);
          deliver(tx, t, null, timeout, t.attempt);
          exhausted++;
        }
      } else if (t.attempt >= max) {
        tasks.remove(t.id);
        var failure =
            Failure.of(
                SweepResult.ATTEMPTS_EXHAUSTED,
                "attempt "
                    + t.attempt
                    + " of "
                    + max
                    + " was lost: its worker stopped heartbeating");
        deliver(tx, t, null, failure, t.attempt);
        exhausted++;
      } else {
        t.leased = false;
        t.availableAt = now;
        requeued++;
        tx.notice(new JournalNotice.TasksReady());
      }
    }
    return new SweepResult(requeued, exhausted, timedOut);
  }

  // A lapsed lease of a live worker's attempt is a timeout; of any other, a lost worker (null).
  private static Failure timeout(Task t, boolean missedHeartbeat) {
    ActivityRequest r = t.request;
    if (missedHeartbeat) {
      return Failure.of(
          SweepResult.HEARTBEAT_TIMEOUT,
          "attempt "
              + t.attempt
              + " of activity '"
              + r.activityType()
              + "' did not heartbeat within its heartbeat timeout of "
              + r.options().heartbeatTimeout().toMillis()
              + " ms");
    }
    if (t.external) {
      return Failure.of(
          ActivityTimeoutException.class.getName(),
          "activity '"
              + r.activityType()
              + "' ran longer than its start-to-close timeout of "
              + r.options().startToCloseTimeout().toMillis()
              + " ms while completing externally");
    }
    return null;
  }

  private static Failure cancelled(Task t) {
    return Failure.of(
        ActivityCancelled.TYPE,
        "attempt " + t.attempt + " of activity '" + t.request.activityType() + "' was cancelled");
  }

  private void deliver(MemoryStore.Tx tx, Task t, Payload result, Failure failure, int attempts) {
    MemoryRun run = store.runs.get(t.runId);
    if (run == null || run.state.isTerminal()) {
      return;
    }
    run.inbox.add(
        new InboxItem.ActivityResult(
            store.nextId(), t.request.commandSeq(), result, failure, attempts));
    tx.notice(new JournalNotice.RunReady(t.runId));
  }

  private Task leased(long taskId, long token, String op) {
    Task t = tasks.get(taskId);
    if (t == null || !t.leased || t.leaseToken != token) {
      throw new FencedException(
          op, t == null ? "task-" + taskId : t.runId, FencedException.Reason.LEASE_LOST);
    }
    return t;
  }

  List<TimerEntry> due(Instant horizon, TimerEntry after, int limit) {
    List<TimerEntry> out = new ArrayList<>();
    for (TimerEntry t : after == null ? timersByDue : timersByDue.tailSet(after, false)) {
      if (t.fireAt().isAfter(horizon) || out.size() == limit) {
        break;
      }
      out.add(t);
    }
    return out;
  }

  boolean fire(MemoryStore.Tx tx, long timerId, Instant now) {
    TimerEntry t = timers.get(timerId);
    if (t == null || t.fireAt().isAfter(now)) {
      return false;
    }
    timers.remove(timerId);
    timersByDue.remove(t);
    MemoryRun run = store.runs.get(t.runId());
    if (run == null || run.state.isTerminal()) {
      return false;
    }
    run.inbox.add(new InboxItem.TimerFired(store.nextId(), t.commandSeq()));
    tx.notice(new JournalNotice.RunReady(t.runId()));
    return true;
  }

  /**
   * The earliest future moment at which a timer or a retried task becomes due, or an attempt
   * completing externally times out.
   */
  Optional<Instant> nextDue(Instant now) {
    Instant next = timersByDue.isEmpty() ? null : timersByDue.first().fireAt();
    for (Task t : tasks.values()) {
      if (!t.leased && (next == null || t.availableAt.isBefore(next))) {
        next = t.availableAt;
      }
      // an attempt completing externally times out at its lease's end unless someone completes it
      if (t.leased && t.external && (next == null || t.leaseExpiresAt.isBefore(next))) {
        next = t.leaseExpiresAt;
      }
    }
    return Optional.ofNullable(next);
  }

  /** Tasks that may be claimed now. */
  long readyCount(Instant now) {
    return tasks.values().stream().filter(t -> !t.leased && !t.availableAt.isAfter(now)).count();
  }

  /** Timers due at or before now (fired ones are gone). */
  long dueTimers(Instant now) {
    return timersByDue.stream().takeWhile(t -> !t.fireAt().isAfter(now)).count();
  }

  /** The next timer of a run, if any. */
  Optional<TimerEntry> nextTimerOf(String runId) {
    return timersByDue.stream().filter(t -> t.runId().equals(runId)).findFirst();
  }

  // Only a key of the workflow's choosing can come again; the default key is one activity's own.
  private void remember(ActivityRequest r, Payload result) {
    if (r.reusableKey()) {
      results.put(resultKey(r.activityType(), r.idempotencyKey()), result);
    }
  }

  private static String resultKey(String type, String key) {
    return type + "\u0000" + key;
  }
}
