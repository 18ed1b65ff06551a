package io.continuum.runtime.impl;

import io.continuum.journal.TimerEntry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Holds the timers due within the horizon in memory and fires each into its run's inbox when due
 * (journal time). Reloaded when a near timer is armed, and every refresh interval as a backstop.
 */
final class TimerWheelVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(TimerWheelVerticle.class.getName());
  private static final int LOAD_LIMIT = 1_000;

  private final EngineRuntime rt;
  private final TreeSet<TimerEntry> near =
      new TreeSet<>(
          Comparator.comparing(TimerEntry::fireAt).thenComparingLong(TimerEntry::timerId));
  private long alarm = -1;
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

  // Returns true when a full load was all due (so more due timers may be waiting); a full load of
  // future timers just keeps the soonest ones in memory until they fire.
  private Future<Boolean> load() {
    return rt.journal
        .timersDue(now().plus(rt.options.timerHorizon()), LOAD_LIMIT)
        .compose(
            entries -> {
              near.clear();
              near.addAll(entries);
              boolean allDue =
                  !entries.isEmpty() && !entries.get(entries.size() - 1).fireAt().isAfter(now());
              return fireDue().map(v -> entries.size() == LOAD_LIMIT && allDue);
            })
        .onFailure(err -> LOG.log(Level.WARNING, "loading timers failed: {0}", err.toString()))
        .andThen(ar -> arm());
  }

  private Future<Void> fireDue() {
    Instant now = now();
    List<Future<Boolean>> fired = new ArrayList<>();
    List<TimerEntry> due = new ArrayList<>();
    for (TimerEntry t : near) {
      if (t.fireAt().isAfter(now)) {
        break;
      }
      due.add(t);
    }
    for (TimerEntry t : due) {
      near.remove(t);
      fired.add(
          rt.journal
              .fireTimer(t.timerId())
              .onSuccess(
                  ok -> {
                    if (ok) {
                      rt.metrics.timerFired(Duration.between(t.fireAt(), now()));
                    }
                  }));
    }
    return Future.join(fired).mapEmpty();
  }

  private void arm() {
    if (alarm >= 0) {
      vertx.cancelTimer(alarm);
      alarm = -1;
    }
    if (near.isEmpty()) {
      return;
    }
    long delay = Math.max(1, Duration.between(now(), near.first().fireAt()).toMillis() + 1);
    alarm =
        vertx.setTimer(
            delay,
            id -> {
              alarm = -1;
              rt.tracker.begin();
              fireDue()
                  .onComplete(
                      ar -> {
                        arm();
                        rt.tracker.end();
                      });
            });
  }
}
