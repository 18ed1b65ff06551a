package io.continuum.load.timers;

import io.continuum.journal.Journal;
import io.continuum.journal.TimerEntry;
import io.vertx.core.Future;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Recorder;

/**
 * A journal in front of the engine's that measures the fire lag of the timers of the runs whose id
 * starts with a prefix: the journal clock when the {@code fireTimers} batch that fired a timer
 * completed (committed, its answer back) minus the timer's due time. Due times are learnt from the
 * wheel's own {@code timersDue} reads, so measuring costs no query.
 *
 * <pre>{@code
 * FireLag lag = new FireLag(pgJournal, "burst-");
 * Engine.builder().journal(lag.journal())...;
 * lag.histogram().getValueAtPercentile(99);   // microseconds
 * }</pre>
 */
final class FireLag {
  private final Journal delegate;
  private final String prefix;
  private final Map<Long, Instant> dueAt = new ConcurrentHashMap<>();
  private final Recorder lags = new Recorder(3);
  private final org.HdrHistogram.Histogram total = new org.HdrHistogram.Histogram(3);
  private final Journal journal;

  FireLag(Journal delegate, String prefix) {
    this.delegate = delegate;
    this.prefix = prefix;
    this.journal =
        (Journal)
            Proxy.newProxyInstance(
                Journal.class.getClassLoader(),
                new Class<?>[] {Journal.class},
                (proxy, method, args) -> handle(method, args));
  }

  /** Calls the journal; learns due times from timersDue, measures fireTimers. */
  private Object handle(java.lang.reflect.Method method, Object[] args) throws Throwable {
    Object result;
    try {
      result = method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (method.getName().equals("timersDue")) {
      return learn(cast(result));
    }
    if (method.getName().equals("fireTimers")) {
      return measure(cast(result));
    }
    return result;
  }

  /** The journal to give the engine. */
  Journal journal() {
    return journal;
  }

  /** The lags measured so far, in microseconds; call once the measured timers have all fired. */
  org.HdrHistogram.Histogram histogram() {
    total.add(lags.getIntervalHistogram());
    return total;
  }

  @SuppressWarnings("unchecked")
  private static <T> Future<T> cast(Object f) {
    return (Future<T>) f;
  }

  private Future<List<TimerEntry>> learn(Future<List<TimerEntry>> due) {
    return due.onSuccess(
        entries -> {
          for (TimerEntry t : entries) {
            if (t.runId().startsWith(prefix)) {
              dueAt.putIfAbsent(t.timerId(), t.fireAt());
            }
          }
        });
  }

  private Future<List<Long>> measure(Future<List<Long>> fired) {
    return fired.onSuccess(
        ids -> {
          Instant committed = delegate.clock().instant();
          for (Long id : ids) {
            Instant due = dueAt.remove(id);
            if (due != null) {
              long micros = Duration.between(due, committed).toNanos() / 1_000;
              lags.recordValue(Math.max(0, micros));
            }
          }
        });
  }
}
