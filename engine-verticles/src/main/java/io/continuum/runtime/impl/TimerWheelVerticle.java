package io.continuum.runtime.impl;

import io.continuum.journal.TimerEntry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holds the timers due within the horizon in memory and fires them into their runs' inboxes when
 * due (journal time), many per statement. Reloaded when a near timer is armed, and every refresh
 * interval as a backstop: at rest that is one indexed query per interval, whatever how many timers
 * are pending further out.
 *
 * <p>A load reads the near timers in pages of {@link #PAGE}, up to {@link #NEAR_LIMIT} (the
 * soonest; the rest are read once those have fired), so a burst of thousands due at one instant is
 * in memory before it comes due. Due timers are fired in batches of up to {@link #BATCH} ({@link
 * io.continuum.journal.Journal#fireTimers}), {@link #IN_FLIGHT} statements at a time. The journal
 * re-checks every due time by its own clock, so a timer is never fired early: one a batch left
 * unfired (not yet due because this JVM's estimate of the journal clock ran ahead, or its run busy
 * with another write) is read again and retried {@link #EARLY_RETRY} later, not left until the next
 * refresh. A timer's lag ({@code continuum.timers.lag}) is the journal clock when its batch
 * committed minus its due time.
 */
final class TimerWheelVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(TimerWheelVerticle.class.getName());

  /** Timers per load query. */
  static final int PAGE = 1_000;

  /** The most timers held in memory (about 100 bytes each). */
  static final int NEAR_LIMIT = 100_000;

  /** Timers per firing statement. */
  static final int BATCH = 1_000;

  /** Firing statements at once. */
  static final int IN_FLIGHT = 2;

  /**
   * How soon timers a batch left unfired are read again (and the due ones tried again): the journal
   * found them not yet due, or their runs busy; timers that are gone are not read back. Doubles, up
   * to {@link #MAX_RETRY_MS}, while batches keep leaving timers unfired.
   */
  static final Duration EARLY_RETRY = Duration.ofMillis(20);

  private static final long MAX_RETRY_MS = 1_000;

  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 10_000;

  private final EngineRuntime rt;
  private final TreeSet<TimerEntry> near =
      new TreeSet<>(
          Comparator.comparing(TimerEntry::fireAt).thenComparingLong(TimerEntry::timerId));

  /** Ids queued or being fired: a load does not put them back into {@link #near}. */
  private final Set<Long> firing = new HashSet<>();

  private final ArrayDeque<TimerEntry> queue = new ArrayDeque<>();
  private int inFlight;
  private Promise<Void> drained;

  /** True when more timers are within the horizon than {@link #near} holds. */
  private boolean capped;

  private long alarm = -1;
  private long retry = -1;
  private int failures;
  private int unfiredRounds;
  private final Rounds rounds =
      new Rounds(this::load, (millis, action) -> vertx.setTimer(millis, id -> action.run()));

  TimerWheelVerticle(EngineRuntime rt) {
    this.rt = rt;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(rt.options.timerRefreshInterval().toMillis(), id -> tracked(reload()));
    tracked(reload());
    return vertx.eventBus().localConsumer(rt.addresses.wheel(), this::onMessage).completion();
  }

  private void onMessage(Message<Object> message) {
    Future<Void> work = Future.succeededFuture();
    if (message.body() instanceof Messages.TimerArmed armed) {
      if (!armed.fireAt().isAfter(now().plus(rt.options.timerHorizon()))) {
        work = reload();
      }
    } else {
      work = reload();
    }
    work.onComplete(ar -> message.reply(Messages.Reply.of(null)));
  }

  private void tracked(Future<?> work) {
    rt.tracker.begin();
    work.onComplete(ar -> rt.tracker.end());
  }

  private Instant now() {
    return rt.journal.clock().instant();
  }

  /** Reloads the near timers and fires the due ones; concurrent calls share one extra reload. */
  private Future<Void> reload() {
    return rounds.request();
  }

  // Returns true when the load was capped and its last timer is due already: more due timers may
  // be waiting beyond it, and the round goes on once these have fired.
  private Future<Boolean> load() {
    Instant horizon = now().plus(rt.options.timerHorizon());
    List<TimerEntry> loaded = new ArrayList<>();
    return page(horizon, null, loaded)
        .compose(
            full -> {
              near.clear();
              for (TimerEntry t : loaded) {
                if (!firing.contains(t.timerId())) {
                  near.add(t);
                }
              }
              capped = full;
              boolean moreDue = full && !loaded.get(loaded.size() - 1).fireAt().isAfter(now());
              return fireDue().map(v -> moreDue);
            })
        .onFailure(err -> LOG.log(Level.WARNING, "loading timers failed: {0}", err.toString()))
        .andThen(ar -> arm());
  }

  /** Reads pages into {@code into}; true when it stopped at {@link #NEAR_LIMIT}. */
  private Future<Boolean> page(Instant horizon, TimerEntry after, List<TimerEntry> into) {
    return rt.journal
        .timersDue(horizon, after, PAGE)
        .compose(
            entries -> {
              into.addAll(entries);
              if (entries.size() < PAGE) {
                return Future.succeededFuture(false);
              }
              if (into.size() >= NEAR_LIMIT) {
                return Future.succeededFuture(true);
              }
              return page(horizon, entries.get(entries.size() - 1), into);
            });
  }

  /** Queues the due timers for firing; completes when nothing is queued or being fired. */
  private Future<Void> fireDue() {
    Instant now = now();
    while (!near.isEmpty() && !near.first().fireAt().isAfter(now)) {
      TimerEntry t = near.pollFirst();
      firing.add(t.timerId());
      queue.add(t);
    }
    pump();
    if (queue.isEmpty() && inFlight == 0) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }

  private void pump() {
    while (inFlight < IN_FLIGHT && !queue.isEmpty()) {
      List<TimerEntry> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
      while (batch.size() < BATCH && !queue.isEmpty()) {
        batch.add(queue.poll());
      }
      fire(batch);
    }
    if (queue.isEmpty() && inFlight == 0 && drained != null) {
      Promise<Void> done = drained;
      drained = null;
      done.complete();
    }
  }

  private void fire(List<TimerEntry> batch) {
    inFlight++;
    rt.tracker.begin();
    List<Long> ids = new ArrayList<>(batch.size());
    batch.forEach(t -> ids.add(t.timerId()));
    rt.journal
        .fireTimers(ids)
        .onComplete(
            (fired, err) -> {
              inFlight--;
              batch.forEach(t -> firing.remove(t.timerId()));
              if (err == null) {
                failures = 0;
                fired(batch, fired);
              } else {
                // the batch rolled back: read the timers again after a backoff
                failures++;
                LOG.log(Level.WARNING, "firing timers failed: {0}", err.toString());
                retryAfter(
                    Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failures - 1, 20)));
              }
              pump();
              rt.tracker.end();
            });
  }

  private void fired(List<TimerEntry> batch, List<Long> fired) {
    Instant committed = now();
    Set<Long> ok = new HashSet<>(fired);
    for (TimerEntry t : batch) {
      if (ok.contains(t.timerId())) {
        rt.metrics.timerFired(Duration.between(t.fireAt(), committed));
      }
    }
    if (fired.size() < batch.size()) {
      // not yet due by the journal's clock, its run busy, or gone: reading again tells which
      long delay = Math.min(MAX_RETRY_MS, EARLY_RETRY.toMillis() << Math.min(unfiredRounds, 10));
      unfiredRounds++;
      retryAfter(delay);
    } else {
      unfiredRounds = 0;
    }
  }

  /** Reloads once after {@code millis}, however many ask meanwhile. */
  private void retryAfter(long millis) {
    if (retry >= 0) {
      return;
    }
    retry =
        vertx.setTimer(
            millis,
            id -> {
              retry = -1;
              tracked(reload());
            });
  }

  private void arm() {
    if (alarm >= 0) {
      vertx.cancelTimer(alarm);
      alarm = -1;
    }
    if (near.isEmpty()) {
      if (capped && queue.isEmpty() && inFlight == 0) {
        tracked(reload()); // the held timers have fired; read the ones beyond them
      }
      return;
    }
    long delay = Math.max(1, Duration.between(now(), near.first().fireAt()).toMillis() + 1);
    alarm =
        vertx.setTimer(
            delay,
            id -> {
              alarm = -1;
              tracked(fireDue());
              arm();
            });
  }
}
