package io.continuum.pg.engine;

import static io.continuum.pg.engine.PgNodes.WAIT;
import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.journal.TimerEntry;
import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Future;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** What the fencing tests read back from the database and how they wait for it. */
final class FencingHistory {
  private FencingHistory() {}

  static List<HistoryEvent> history(PgNodes nodes, String runId) {
    return join(nodes.journal().history(runId, 0));
  }

  static List<String> types(List<HistoryEvent> history) {
    return history.stream().map(e -> e.event().typeName()).toList();
  }

  static HistoryEvent last(List<HistoryEvent> history) {
    return history.get(history.size() - 1);
  }

  /** One committed writer per seq: the seqs are exactly 1..n, in order, none twice. */
  static void assertOneWriterPerSeq(List<HistoryEvent> history) {
    assertThat(history.stream().map(HistoryEvent::seq).toList())
        .isEqualTo(IntStream.rangeClosed(1, history.size()).boxed().toList());
    assertThat(history.stream().filter(e -> e.event() instanceof Event.Terminal).count())
        .isLessThanOrEqualTo(1);
  }

  /** The value of {@link Relay}'s "writer" side effect, as JSON. */
  static String writerOf(List<HistoryEvent> history) {
    return history.stream()
        .map(HistoryEvent::event)
        .filter(e -> e instanceof Event.ValueRecorded)
        .map(e -> ((Event.ValueRecorded) e).value().jsonText())
        .reduce((x, y) -> x + "," + y)
        .orElse(null);
  }

  static io.continuum.core.payload.Payload payload(String json) {
    return io.continuum.core.payload.Payload.ofJson(json);
  }

  /** The run's pending (unfired) timers. */
  static List<TimerEntry> timersOf(PgNodes nodes, String runId) {
    Instant far = nodes.journal().clock().instant().plus(Duration.ofDays(3650));
    return join(nodes.journal().timersDue(far, 1_000)).stream()
        .filter(t -> t.runId().equals(runId))
        .toList();
  }

  static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  /** Rows of a table that belong to a run (the journal has no read for ready tasks). */
  static long count(PgNodes nodes, String table, String runId) {
    try (var c = PgTestDatabase.shared().connect(nodes.db);
        var ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE run_id = ?")) {
      ps.setString(1, runId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls until {@code probe} answers non-null; fails after {@link PgNodes#WAIT}. */
  static <T> T eventually(String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + WAIT + " for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** Waits for the future; its failure, or null if it succeeded. */
  static Throwable settled(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the future did not complete within " + WAIT, e);
    }
  }

  /** Waits for the future, which must fail; its failure. */
  static Throwable failureOf(Future<?> f) {
    Throwable failure = settled(f);
    assertThat(failure).as("expected a failure, got %s", f.result()).isNotNull();
    return failure;
  }
}
