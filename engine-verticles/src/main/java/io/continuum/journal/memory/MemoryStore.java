package io.continuum.journal.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.core.payload.Payload;
import io.continuum.journal.JournalListener;
import io.continuum.journal.JournalNotice;
import io.vertx.core.Future;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The shared state of an in-memory journal. Every operation runs under one lock for a few
 * microseconds (no I/O inside), and notices are delivered after the lock is released so that
 * listeners may call the journal again.
 */
final class MemoryStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final System.Logger LOG = System.getLogger(MemoryStore.class.getName());

  final Clock clock;
  final Map<String, MemoryRun> runs = new LinkedHashMap<>();
  final Map<String, List<io.continuum.journal.LoadedVersion>> loadedVersions =
      new LinkedHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final List<JournalListener> listeners = new CopyOnWriteArrayList<>();
  private long tokens;
  private long ids;

  MemoryStore(Clock clock) {
    this.clock = clock;
  }

  /** What an operation returns: its value and the notices to deliver after unlocking. */
  static final class Tx {
    final List<JournalNotice> notices = new ArrayList<>();

    void notice(JournalNotice n) {
      if (!notices.contains(n)) {
        notices.add(n);
      }
    }
  }

  <T> Future<T> run(Function<Tx, T> operation) {
    var tx = new Tx();
    T value;
    lock.lock();
    try {
      value = operation.apply(tx);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    } finally {
      lock.unlock();
    }
    // The write is committed: a failing listener must not make it look failed (the caller
    // would retry and duplicate it). Notices are hints; losing one only delays work.
    for (JournalNotice n : tx.notices) {
      for (JournalListener l : listeners) {
        try {
          l.onNotice(n);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "a journal listener failed on " + n, e);
        }
      }
    }
    return Future.succeededFuture(value);
  }

  MemoryRun find(String runId) {
    MemoryRun run = runs.get(runId);
    if (run == null) {
      throw new RunNotFound(runId);
    }
    return run;
  }

  private final Map<String, byte[]> secrets = new HashMap<>();

  /** The key for {@code purpose}, made on first use; under the lock. */
  byte[] secret(String purpose) {
    return secrets
        .computeIfAbsent(
            purpose,
            p -> {
              byte[] key = new byte[32];
              new SecureRandom().nextBytes(key);
              return key;
            })
        .clone();
  }

  /** Runs not in a terminal state, by state; under the lock. */
  Map<RunState, Long> openRuns() {
    Map<RunState, Long> open = new EnumMap<>(RunState.class);
    for (MemoryRun r : runs.values()) {
      if (!r.state.isTerminal()) {
        open.merge(r.state, 1L, Long::sum);
      }
    }
    return open;
  }

  long nextToken() {
    return ++tokens;
  }

  long nextId() {
    return ++ids;
  }

  void addListener(JournalListener l) {
    listeners.add(l);
  }

  void removeListener(JournalListener l) {
    listeners.remove(l);
  }

  /** {@code base || merge} for two JSON objects: top-level keys of {@code merge} win. */
  static Payload mergeObjects(Payload base, Payload merge) {
    try {
      ObjectNode target = (ObjectNode) JSON.readTree(base.json());
      target.setAll((ObjectNode) JSON.readTree(merge.json()));
      return Payload.ofJson(JSON.writeValueAsBytes(target));
    } catch (IOException | ClassCastException e) {
      throw new IllegalArgumentException("attributes must be JSON objects", e);
    }
  }
}
