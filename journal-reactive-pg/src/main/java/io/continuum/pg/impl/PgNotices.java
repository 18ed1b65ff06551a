package io.continuum.pg.impl;

import io.continuum.journal.JournalListener;
import io.continuum.journal.JournalNotice;
import io.continuum.pg.PgJournalOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notices of one Postgres journal. A write's notices reach this JVM's listeners directly and other
 * nodes through NOTIFY, sent after the commit (never inside it: that serializes commits) and
 * coalesced into one statement every few milliseconds. LISTEN runs on a dedicated connection that
 * reconnects forever; every (re)connect, and a periodic backstop, scans for runs with work waiting,
 * because a notification sent while nobody listened is gone.
 */
final class PgNotices {
  private static final System.Logger LOG = System.getLogger(PgNotices.class.getName());
  static final String RUN_WAKE = "continuum_run_wake";
  static final String SIGNAL = "continuum_signal";
  static final String TASKS = "continuum_tasks";
  static final String TIMER_ARMED = "continuum_timer_armed";
  private static final int SCAN_LIMIT = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions connect;
  private final PgJournalOptions options;
  private final String origin;
  private final List<JournalListener> listeners = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<String[]> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AtomicLong reconnects = new AtomicLong();
  private PgSubscriber subscriber;
  private long backstop = -1;
  private volatile boolean closed;

  PgNotices(
      Vertx vertx, Pool pool, PgConnectOptions connect, PgJournalOptions options, String origin) {
    this.vertx = vertx;
    this.pool = pool;
    this.connect = connect;
    this.options = options;
    this.origin = origin;
  }

  Future<Void> start() {
    if (!options.listen()) {
      return Future.succeededFuture();
    }
    subscriber =
        PgSubscriber.subscriber(
            vertx,
            new PgConnectOptions(connect).addProperty("application_name", "continuum/listen"));
    long maxDelay = options.listenReconnectMaxDelay().toMillis();
    subscriber.reconnectPolicy(
        attempt -> {
          if (closed) {
            return -1L;
          }
          reconnects.incrementAndGet();
          long delay = Math.min(maxDelay, 50L << Math.min(attempt, 10));
          LOG.log(
              Level.WARNING,
              "LISTEN connection lost; reconnecting in {0} ms (attempt {1})",
              delay,
              attempt + 1);
          return delay;
        });
    subscriber.closeHandler(
        v -> {
          if (!closed) {
            LOG.log(Level.WARNING, "LISTEN connection closed for good");
          }
        });
    subscriber
        .channel(RUN_WAKE)
        .handler(p -> received(p, JournalNoticeKind.RUN))
        .subscribeHandler(v -> catchUp());
    subscriber.channel(SIGNAL).handler(p -> received(p, JournalNoticeKind.RUN));
    subscriber.channel(TASKS).handler(p -> received(p, JournalNoticeKind.TASKS));
    subscriber.channel(TIMER_ARMED).handler(p -> received(p, JournalNoticeKind.TIMER));
    backstop = vertx.setPeriodic(options.backstopInterval().toMillis(), id -> catchUp());
    return subscriber.connect();
  }

  long reconnects() {
    return reconnects.get();
  }

  PgSubscriber subscriber() {
    return subscriber;
  }

  void add(JournalListener l) {
    listeners.add(l);
  }

  void remove(JournalListener l) {
    listeners.remove(l);
  }

  /** Delivers to this JVM's listeners and, coalesced, to other nodes. */
  void publish(JournalNotice n) {
    local(n);
    notifyOthers(encode(n));
  }

  /** A signal reached a run's mailbox: wake its owner, here or (on continuum_signal) elsewhere. */
  void signalled(String runId, String owner) {
    local(new JournalNotice.RunReady(runId, false, owner));
    notifyOthers(new String[] {SIGNAL, origin + ":" + runId});
  }

  private void notifyOthers(String[] channelAndPayload) {
    if (options.listen()) {
      outbox.add(channelAndPayload);
      if (flushScheduled.compareAndSet(false, true)) {
        vertx.setTimer(options.notifyDelay().toMillis(), id -> flush());
      }
    }
  }

  private void local(JournalNotice n) {
    for (JournalListener l : listeners) {
      try {
        l.onNotice(n);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a journal listener failed on " + n, e);
      }
    }
  }

  private String[] encode(JournalNotice n) {
    if (n instanceof JournalNotice.RunReady r) {
      return new String[] {RUN_WAKE, origin + ":" + r.runId()};
    }
    if (n instanceof JournalNotice.TimerArmed t) {
      return new String[] {TIMER_ARMED, origin + ":" + t.fireAt().toEpochMilli()};
    }
    return new String[] {TASKS, origin + ":"};
  }

  private void flush() {
    flushScheduled.set(false);
    // coalesced by a set: a burst of timers firing leaves thousands of distinct wakes here
    Set<List<String>> seen = new HashSet<>();
    List<String> channels = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    String[] next;
    while ((next = outbox.poll()) != null) {
      if (seen.add(List.of(next[0], next[1]))) {
        channels.add(next[0]);
        payloads.add(next[1]);
      }
    }
    if (channels.isEmpty() || closed) {
      return;
    }
    pool.preparedQuery("SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS x(c, p)")
        .execute(
            Tuple.tuple()
                .addValue(channels.toArray(new String[0]))
                .addValue(payloads.toArray(new String[0])))
        .onFailure(
            err ->
                LOG.log(
                    Level.WARNING, "NOTIFY failed (other nodes will poll): {0}", err.toString()));
  }

  private enum JournalNoticeKind {
    RUN,
    TASKS,
    TIMER
  }

  private void received(String payload, JournalNoticeKind kind) {
    int colon = payload.indexOf(':');
    if (colon < 0 || payload.substring(0, colon).equals(origin)) {
      return; // our own, already delivered locally
    }
    String data = payload.substring(colon + 1);
    switch (kind) {
      case RUN -> local(new JournalNotice.RunReady(data, true));
      case TASKS -> local(new JournalNotice.TasksReady());
      case TIMER -> local(new JournalNotice.TimerArmed(Instant.ofEpochMilli(Long.parseLong(data))));
    }
  }

  /** Re-derives wakes from the database: runs with work waiting, tasks, timers. */
  void catchUp() {
    if (closed) {
      return;
    }
    pool.preparedQuery(RunSql.WAITING)
        .execute(Tuple.of(SCAN_LIMIT))
        .onSuccess(
            rows -> {
              for (Row row : rows) {
                local(new JournalNotice.RunReady(row.getString("id"), true));
              }
              local(new JournalNotice.TasksReady());
              local(new JournalNotice.TimerArmed(Instant.now()));
            })
        .onFailure(err -> LOG.log(Level.WARNING, "catch-up scan failed: {0}", err.toString()));
  }

  Future<Void> close() {
    closed = true;
    if (backstop >= 0) {
      vertx.cancelTimer(backstop);
    }
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
